using System.Reflection;
using Downhill.Optimizers;
using Downhill.Specs;

namespace Downhill.Learning.Training;

/// <summary>
/// Saves and restores any <see cref="ParameterState{T}"/> of float by its fields (step count, moment buffers,
/// scalars), so every optimizer, present or future, checkpoints without code of its own. Fields are taken in a
/// fixed order (base class first, then by name); a field of a kind that cannot be written is an error, never a
/// silent gap in a resume. Not state, and skipped: references to the optimizer's immutable settings, delegates,
/// raw pointers, and struct-typed scratch that a step fills and clears (e.g. an update's prepared constants).
/// </summary>
internal static class OptimizerStateSnapshot
{
    public static void Write(BinaryWriter writer, ParameterState<float> state)
    {
        var fields = Fields(state.GetType());
        writer.Write(state.GetType().FullName!);
        writer.Write(fields.Count);
        foreach (var field in fields)
        {
            writer.Write(field.Name);
            object? value = field.GetValue(state);
            switch (value)
            {
                case null: writer.Write((byte)0); break;
                case float[] a: writer.Write((byte)1); writer.Write(a.Length); foreach (float v in a) writer.Write(v); break;
                case double[] a: writer.Write((byte)2); writer.Write(a.Length); foreach (double v in a) writer.Write(v); break;
                case long v: writer.Write((byte)3); writer.Write(v); break;
                case int v: writer.Write((byte)4); writer.Write(v); break;
                case double v: writer.Write((byte)5); writer.Write(v); break;
                case float v: writer.Write((byte)6); writer.Write(v); break;
                case bool v: writer.Write((byte)7); writer.Write(v); break;
                default: throw new NotSupportedException($"cannot checkpoint {state.GetType().Name}.{field.Name} of type {field.Type.Name}");
            }
        }
    }

    public static void Read(BinaryReader reader, ParameterState<float> state)
    {
        var fields = Fields(state.GetType());
        string type = reader.ReadString();
        if (type != state.GetType().FullName || reader.ReadInt32() != fields.Count)
            throw new InvalidDataException($"the checkpoint holds {type} state, not {state.GetType().FullName}");
        foreach (var field in fields)
        {
            if (reader.ReadString() != field.Name) throw new InvalidDataException($"checkpoint field order differs at {field.Name}");
            object? value = reader.ReadByte() switch
            {
                0 => null,
                1 => ReadArray(reader, r => r.ReadSingle()),
                2 => ReadArray(reader, r => r.ReadDouble()),
                3 => reader.ReadInt64(),
                4 => reader.ReadInt32(),
                5 => reader.ReadDouble(),
                6 => reader.ReadSingle(),
                7 => reader.ReadBoolean(),
                var tag => throw new InvalidDataException($"unknown field tag {tag}"),
            };
            // Buffers are filled in place where they exist, so references the state handed out stay valid.
            if (value is Array source && field.GetValue(state) is Array target && target.Length == source.Length && target.GetType() == source.GetType())
                Array.Copy(source, target, source.Length);
            else
                field.SetValue(state, value);
        }
    }

    private static T[] ReadArray<T>(BinaryReader reader, Func<BinaryReader, T> read)
    {
        var a = new T[reader.ReadInt32()];
        for (int i = 0; i < a.Length; i++) a[i] = read(reader);
        return a;
    }

    /// <summary>
    /// A field of the state, or of a struct the state holds (moment buffers grouped in a struct are state too),
    /// reached through <see cref="Path"/> from the state object.
    /// </summary>
    private sealed record StateField(IReadOnlyList<FieldInfo> Path)
    {
        public string Name => string.Join(".", Path.Select(f => f.Name));
        public Type Type => Path[^1].FieldType;

        public object? GetValue(object state)
        {
            object? value = state;
            foreach (var f in Path) value = f.GetValue(value);
            return value;
        }

        public void SetValue(object state, object? value)
        {
            // Walk down boxing each enclosing struct, set the leaf, then write the boxes back up the chain.
            var owners = new object?[Path.Count];
            owners[0] = state;
            for (int i = 1; i < Path.Count; i++) owners[i] = Path[i - 1].GetValue(owners[i - 1]);
            object? current = value;
            for (int i = Path.Count - 1; i >= 0; i--)
            {
                Path[i].SetValue(owners[i], current);
                current = owners[i];
            }
        }
    }

    private static List<StateField> Fields(Type type)
    {
        var chain = new List<Type>();
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType) chain.Insert(0, t);
        var fields = new List<StateField>();
        foreach (var t in chain)
            foreach (var f in DeclaredFields(t))
                Collect([f], fields);
        return fields;
    }

    private static IEnumerable<FieldInfo> DeclaredFields(Type t) =>
        t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .Where(f => !IsSettings(f.FieldType))
            .OrderBy(f => f.Name, StringComparer.Ordinal);

    private static void Collect(List<FieldInfo> path, List<StateField> into)
    {
        var type = path[^1].FieldType;
        if (IsBufferGroup(type))
            foreach (var f in DeclaredFields(type))
                Collect([.. path, f], into);
        else if (!IsScratch(type))
            into.Add(new StateField(path));
    }

    // A struct that holds arrays (e.g. Adam's two moment buffers) is state; other structs are a step's prepared constants.
    private static bool IsBufferGroup(Type type) =>
        IsScratch(type) && type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).All(f => f.FieldType.IsArray || f.FieldType.IsPrimitive)
        && type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Any(f => f.FieldType.IsArray);

    private static bool IsScratch(Type type) => type.IsValueType && !type.IsPrimitive && !type.IsEnum;

    private static bool IsSettings(Type type) =>
        typeof(FirstOrderOptimizer).IsAssignableFrom(type) || type == typeof(string)
        || typeof(IEnumerable<Hyperparameter>).IsAssignableFrom(type) || typeof(Delegate).IsAssignableFrom(type)
        || type == typeof(nint) || type == typeof(nuint);
}
