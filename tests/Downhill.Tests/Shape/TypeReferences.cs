using System.Reflection;
using System.Reflection.Emit;

namespace Downhill.Tests.Shape;

/// <summary>
/// What an assembly's types refer to, read by reflection: base types, interfaces, fields, properties, events, method
/// signatures, local variables, attributes, and every type, field, method and string the IL of each method names.
/// </summary>
internal static class TypeReferences
{
    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly OpCode[] OneByte = new OpCode[256];
    private static readonly OpCode[] TwoByte = new OpCode[256];

    static TypeReferences()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var code = (OpCode)field.GetValue(null)!;
            ushort value = (ushort)code.Value;
            if (value < 0x100) OneByte[value] = code;
            else if ((value & 0xFF00) == 0xFE00) TwoByte[value & 0xFF] = code;
        }
    }

    /// <summary>Every type <paramref name="type"/>'s own declaration and code refer to (nested types are types of their own).</summary>
    public static IEnumerable<Type> Of(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null || !found.Add(t)) return;
            if (t.HasElementType) Add(t.GetElementType());
            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                Add(t.GetGenericTypeDefinition());
                foreach (var argument in t.GetGenericArguments()) Add(argument);
            }
        }

        Add(type.BaseType);
        foreach (var i in type.GetInterfaces()) Add(i);
        foreach (var attribute in type.GetCustomAttributesData()) AddAttribute(attribute, Add);
        foreach (var field in type.GetFields(Declared)) Add(field.FieldType);
        foreach (var property in type.GetProperties(Declared)) Add(property.PropertyType);
        foreach (var e in type.GetEvents(Declared)) Add(e.EventHandlerType);
        var methods = type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared));
        foreach (var method in methods)
        {
            if (method is MethodInfo m) Add(m.ReturnType);
            foreach (var parameter in method.GetParameters()) Add(parameter.ParameterType);
            foreach (var attribute in method.GetCustomAttributesData()) AddAttribute(attribute, Add);
            var body = method.GetMethodBody();
            if (body is null) continue;
            foreach (var local in body.LocalVariables) Add(local.LocalType);
            foreach (var member in Operands(method, body).OfType<MemberInfo>())
            {
                switch (member)
                {
                    case Type t: Add(t); break;
                    case FieldInfo f: Add(f.DeclaringType); Add(f.FieldType); break;
                    case MethodBase callee:
                        Add(callee.DeclaringType);
                        if (callee is MethodInfo { IsGenericMethod: true } generic)
                            foreach (var argument in generic.GetGenericArguments()) Add(argument);
                        break;
                }
            }
        }
        found.RemoveWhere(t => t.IsGenericParameter);
        return found;
    }

    /// <summary>Every string literal the code of <paramref name="type"/> loads (interpolated strings' literal parts included).</summary>
    public static IEnumerable<string> StringsOf(Type type) =>
        type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared))
            .SelectMany(method => method.GetMethodBody() is { } body ? Operands(method, body).OfType<string>() : []);

    /// <summary>The parameter names the code of <paramref name="type"/> writes into messages: each <c>new ParameterName("…")</c>.</summary>
    public static IEnumerable<string> ParameterNamesOf(Type type)
    {
        var constructor = typeof(ParameterName).GetConstructor([typeof(string)]);
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method.GetMethodBody() is not { } body) continue;
            object? previous = null;
            foreach (var operand in Operands(method, body))
            {
                if (operand is ConstructorInfo c && c == constructor && previous is string name) yield return name;
                previous = operand;
            }
        }
    }

    private static void AddAttribute(CustomAttributeData attribute, Action<Type?> add)
    {
        add(attribute.AttributeType);
        foreach (var argument in attribute.ConstructorArguments)
            if (argument.Value is Type t) add(t);
    }

    /// <summary>The members (resolved) and strings named by the operands of <paramref name="method"/>'s IL.</summary>
    private static IEnumerable<object> Operands(MethodBase method, MethodBody body)
    {
        byte[] il = body.GetILAsByteArray() ?? [];
        var module = method.Module;
        Type[]? typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        Type[]? methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        int position = 0;
        while (position < il.Length)
        {
            byte first = il[position++];
            var code = first == 0xFE ? TwoByte[il[position++]] : OneByte[first];
            int size = code.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, position),
                _ => 4,
            };
            if (code.OperandType is OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType)
                yield return module.ResolveMember(BitConverter.ToInt32(il, position), typeArguments, methodArguments)!;
            else if (code.OperandType == OperandType.InlineString)
                yield return module.ResolveString(BitConverter.ToInt32(il, position));
            position += size;
        }
    }
}
