using System.Reflection;
using System.Reflection.Emit;

namespace Downhill.Functions.Expressions;

/// <summary>
/// The signature of compiled code: reads x[0..n), writes the gradient (n) and the row-major Hessian (n·n) when it
/// computes them, and returns f(x). Pointers, because an expression tree or a delegate cannot take a Span; the
/// caller pins the spans (see <see cref="ExpressionObjective"/>).
/// </summary>
internal unsafe delegate double CompiledFunction(double* x, double* gradient, double* hessian);

/// <summary>
/// Compiles a value and, optionally, its gradient and Hessian graphs into ONE straight-line method (a DynamicMethod,
/// JIT-compiled at full optimization on first call); with a gradient, a null gradient pointer returns the value alone.
/// </summary>
/// <remarks>
/// Why IL rather than System.Linq.Expressions: expression trees cannot take pointers or spans, so the objective would
/// copy into arrays and pay bounds checks; emitting IL over raw pointers gives code as tight as hand-written C#.
/// Every node used more than once (the graphs are hash-consed, so shared means identical) is computed once into a
/// local; variables are loaded once; subtrees without variables are folded to constants; small whole powers become
/// multiplications. The method is bound as a closed delegate over a dummy target, the fastest delegate call.
/// </remarks>
internal static class IlCompiler
{
    private static readonly object Target = new();

    /// <summary>The most locals a compiled method declares (IL's limit is 65,535).</summary>
    public const int MaxLocals = 60_000;

    public static CompiledFunction Compile(int dimension, Node value, IReadOnlyList<Node>? gradient, IReadOnlyList<Node>? hessianUpper)
    {
        var method = new DynamicMethod("downhill_expression", typeof(double),
            [typeof(object), typeof(double*), typeof(double*), typeof(double*)], typeof(IlCompiler).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        var emitter = new Emitter(il, dimension);

        var roots = new List<Node> { value };
        if (gradient is not null) roots.AddRange(gradient);
        if (hessianUpper is not null)
        {
            // An off-diagonal entry is stored twice (H is symmetric): counting it twice makes it a saved local.
            for (int i = 0, k = 0; i < dimension; i++)
            for (int j = i; j < dimension; j++, k++)
            {
                roots.Add(hessianUpper[k]);
                if (i != j) roots.Add(hessianUpper[k]);
            }
        }
        emitter.CountUses(roots);
        // IL addresses at most 65,535 locals; Expression.MaxSubexpressions keeps every graph far below that.
        if (emitter.LocalsNeeded > MaxLocals)
            throw new InvalidOperationException($"the graph needs {emitter.LocalsNeeded} locals, more than the {MaxLocals} compiled code may have");
        emitter.LoadVariables();

        emitter.Emit(value);
        var result = il.DeclareLocal(typeof(double));
        il.Emit(OpCodes.Stloc, result);
        if (gradient is not null)
        {
            // A null gradient pointer asks for the value alone: one method then serves Value and ValueAndGradient,
            // so the JIT compiles the value's code once. The branch is safe for the shared locals: everything after
            // it runs only after everything before it.
            var more = il.DefineLabel();
            il.Emit(OpCodes.Ldarg_2);
            il.Emit(OpCodes.Brtrue, more);
            il.Emit(OpCodes.Ldloc, result);
            il.Emit(OpCodes.Ret);
            il.MarkLabel(more);
            for (int i = 0; i < gradient.Count; i++)
                emitter.Store(2, i, gradient[i]);
        }
        if (hessianUpper is not null)
        {
            int k = 0;
            for (int i = 0; i < dimension; i++)
            for (int j = i; j < dimension; j++, k++)
            {
                emitter.Store(3, i * dimension + j, hessianUpper[k]);
                if (i != j) emitter.Store(3, j * dimension + i, hessianUpper[k]);
            }
        }
        il.Emit(OpCodes.Ldloc, result);
        il.Emit(OpCodes.Ret);
        return (CompiledFunction)method.CreateDelegate(typeof(CompiledFunction), Target);
    }

    private sealed class Emitter(ILGenerator il, int dimension)
    {
        private readonly Dictionary<Node, int> _uses = [];
        private readonly Dictionary<Node, LocalBuilder> _saved = [];
        private readonly Dictionary<int, LocalBuilder> _variables = [];

        /// <summary>One per variable read, one per node used more than once, one for the result.</summary>
        public int LocalsNeeded => _uses.Count(u => u.Key.Kind == NodeKind.Variable || u.Value > 1) + 1;

        public void CountUses(IEnumerable<Node> roots)
        {
            foreach (var root in roots) Count(root);
        }

        private void Count(Node n)
        {
            if (!n.HasVariables) return;
            _uses[n] = _uses.GetValueOrDefault(n) + 1;
            if (_uses[n] > 1) return; // children counted on the first visit only: a shared node is computed once
            if (n.Left is not null) Count(n.Left);
            if (n.Right is not null) Count(n.Right);
        }

        public void LoadVariables()
        {
            foreach (var n in _uses.Keys.Where(n => n.Kind == NodeKind.Variable).OrderBy(n => n.Index))
            {
                if (n.Index >= dimension) throw new InvalidOperationException($"variable {n.Name} outside the dimension");
                il.Emit(OpCodes.Ldarg_1);
                Offset(n.Index);
                il.Emit(OpCodes.Ldind_R8);
                var local = il.DeclareLocal(typeof(double));
                il.Emit(OpCodes.Stloc, local);
                _variables[n.Index] = local;
            }
        }

        /// <summary>argument[index] = node.</summary>
        public void Store(short argument, int index, Node node)
        {
            il.Emit(OpCodes.Ldarg, argument);
            Offset(index);
            Emit(node);
            il.Emit(OpCodes.Stind_R8);
        }

        private void Offset(int index)
        {
            if (index == 0) return;
            il.Emit(OpCodes.Ldc_I4, index * sizeof(double));
            il.Emit(OpCodes.Conv_I);
            il.Emit(OpCodes.Add);
        }

        public void Emit(Node n)
        {
            if (!n.HasVariables)
            {
                il.Emit(OpCodes.Ldc_R8, Evaluator.Evaluate(n, default));
                return;
            }
            if (n.Kind == NodeKind.Variable)
            {
                il.Emit(OpCodes.Ldloc, _variables[n.Index]);
                return;
            }
            if (_saved.TryGetValue(n, out var local))
            {
                il.Emit(OpCodes.Ldloc, local);
                return;
            }
            EmitOperation(n);
            if (_uses.GetValueOrDefault(n) > 1)
            {
                local = il.DeclareLocal(typeof(double));
                il.Emit(OpCodes.Dup);
                il.Emit(OpCodes.Stloc, local);
                _saved[n] = local;
            }
        }

        private void EmitOperation(Node n)
        {
            switch (n.Kind)
            {
                case NodeKind.Negate:
                    Emit(n.Left!);
                    il.Emit(OpCodes.Neg);
                    break;
                case NodeKind.Add: Binary(n, OpCodes.Add); break;
                case NodeKind.Subtract: Binary(n, OpCodes.Sub); break;
                case NodeKind.Multiply: Binary(n, OpCodes.Mul); break;
                case NodeKind.Divide: Binary(n, OpCodes.Div); break;
                case NodeKind.Power: EmitPower(n); break;
                case NodeKind.Call:
                    Emit(n.Left!);
                    if (n.Right is not null) Emit(n.Right);
                    il.Emit(OpCodes.Call, MethodOf(n.Function));
                    break;
                default:
                    throw new InvalidOperationException($"cannot compile {n.Kind}");
            }
        }

        private void Binary(Node n, OpCode op)
        {
            Emit(n.Left!);
            Emit(n.Right!);
            il.Emit(op);
        }

        /// <summary>Mirrors <see cref="MathFunctions.Power"/> exactly, so compiled and interpreted values agree to the bit.</summary>
        private void EmitPower(Node n)
        {
            double p = n.Right!.HasVariables ? double.NaN : Evaluator.Evaluate(n.Right, default);
            switch (p)
            {
                case 2 or -2:
                    if (p < 0) il.Emit(OpCodes.Ldc_R8, 1.0);
                    Emit(n.Left!);
                    il.Emit(OpCodes.Dup);
                    il.Emit(OpCodes.Mul);
                    if (p < 0) il.Emit(OpCodes.Div);
                    break;
                case 3:
                    Emit(n.Left!);
                    il.Emit(OpCodes.Dup);
                    il.Emit(OpCodes.Dup);
                    il.Emit(OpCodes.Mul);
                    il.Emit(OpCodes.Mul);
                    break;
                case 4:
                    Emit(n.Left!);
                    il.Emit(OpCodes.Dup);
                    il.Emit(OpCodes.Mul);
                    il.Emit(OpCodes.Dup);
                    il.Emit(OpCodes.Mul);
                    break;
                case -1:
                    il.Emit(OpCodes.Ldc_R8, 1.0);
                    Emit(n.Left!);
                    il.Emit(OpCodes.Div);
                    break;
                default:
                    // The same method as the interpreter's, also for an exponent only known at run time: x^y at y = 4
                    // then agrees to the bit with x^4.
                    Emit(n.Left!);
                    Emit(n.Right!);
                    il.Emit(OpCodes.Call, PowerMethod);
                    break;
            }
        }
    }

    private static readonly MethodInfo PowerMethod = typeof(MathFunctions).GetMethod(nameof(MathFunctions.Power), [typeof(double), typeof(double)])!;

    /// <summary>
    /// The method each function calls: System.Math's namesake (Sin, Log10, Min, …) where it exists, else the one in
    /// <see cref="MathFunctions"/> (Sign, Sigmoid, Relu, Softplus, Step), which the interpreter uses too.
    /// </summary>
    private static readonly Dictionary<Builtin, MethodInfo> Methods = Enum.GetValues<Builtin>()
        .Where(f => f != Builtin.None)
        .ToDictionary(f => f, f =>
        {
            string name = Builtins.NameOf(f);
            name = char.ToUpperInvariant(name[0]) + name[1..];
            var parameters = Enumerable.Repeat(typeof(double), Builtins.Arity(f)).ToArray();
            return typeof(MathFunctions).GetMethod(name, parameters) ?? typeof(Math).GetMethod(name, parameters)
                ?? throw new InvalidOperationException($"no method for {f}");
        });

    private static MethodInfo MethodOf(Builtin function) => Methods[function];
}
