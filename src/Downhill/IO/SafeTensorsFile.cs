using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Downhill.IO;

/// <summary>
/// The safetensors format (Hugging Face's, read by PyTorch, JAX and others): an 8-byte little-endian header length N,
/// N bytes of JSON naming each tensor's dtype, shape and [begin, end) byte range in the data that follows, and a
/// "__metadata__" object of strings; then the tensors' bytes, little-endian, row-major, back to back. Downhill writes
/// and reads float32 ("F32") tensors only.
/// </summary>
/// <remarks>
/// Nothing in a file is trusted before it is checked: the header length against the file's, every shape's size against
/// its byte range, and the ranges against the data (each in bounds, none overlapping, no gap, nothing left over), in
/// 64-bit arithmetic, before any value is read; the values are then read through bounds-checked spans. A file that
/// fails is an <see cref="InputException"/> naming the file and what is wrong.
/// </remarks>
public static class SafeTensorsFile
{
    /// <summary>The largest header accepted (the format's own limit).</summary>
    public const int MaxHeaderBytes = 100_000_000;

    /// <summary>The largest file accepted: 1 GiB, a quarter of a billion float32 values.</summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>Writes <paramref name="tensors"/> (in order) and <paramref name="metadata"/> to <paramref name="path"/>, atomically.</summary>
    public static void Write(string path, IReadOnlyList<SafeTensor> tensors, IReadOnlyDictionary<string, string> metadata) =>
        AtomicFile.WriteBytes(path, Serialize(tensors, metadata));

    /// <summary>The file's bytes: header (padded with spaces to a multiple of 8, as the reference writer does) and data.</summary>
    public static byte[] Serialize(IReadOnlyList<SafeTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(metadata);
        if (tensors.Select(t => t.Name).Distinct().Count() != tensors.Count)
            throw new ArgumentException("tensor names must be unique", nameof(tensors));
        using var header = new MemoryStream();
        using (var w = new Utf8JsonWriter(header))
        {
            w.WriteStartObject();
            w.WriteStartObject("__metadata__");
            foreach (var (key, value) in metadata) w.WriteString(key, value);
            w.WriteEndObject();
            long offset = 0;
            foreach (var t in tensors)
            {
                w.WriteStartObject(t.Name);
                w.WriteString("dtype", "F32");
                w.WriteStartArray("shape");
                foreach (int d in t.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset += 4L * t.Values.Length);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        int headerLength = (int)((header.Length + 7) / 8 * 8);
        long total = 8 + headerLength + tensors.Sum(t => 4L * t.Values.Length);
        if (total > MaxFileBytes) throw new ArgumentException($"{total} bytes exceed the {MaxFileBytes}-byte limit", nameof(tensors));
        var bytes = new byte[total];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)headerLength);
        header.GetBuffer().AsSpan(0, (int)header.Length).CopyTo(bytes.AsSpan(8));
        bytes.AsSpan(8 + (int)header.Length, headerLength - (int)header.Length).Fill((byte)' ');
        int at = 8 + headerLength;
        foreach (var t in tensors)
            foreach (float v in t.Values)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(at), v);
                at += 4;
            }
        return bytes;
    }

    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    public static SafeTensorsContent Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileInfo file;
        try { file = new FileInfo(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new InputException($"'{path}' is not a usable file name: {e.Message}");
        }
        if (!file.Exists) throw new InputException($"'{path}' does not exist");
        if (file.Length > MaxFileBytes) throw new InputException($"'{path}' is {file.Length:N0} bytes, more than a weights file may be ({MaxFileBytes:N0})");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read '{path}': {e.Message}");
        }
        return Parse(bytes, path);
    }

    /// <summary>Checks and reads the bytes of a safetensors file; <paramref name="name"/> names it in messages.</summary>
    public static SafeTensorsContent Parse(ReadOnlySpan<byte> bytes, string name)
    {
        InputException Bad(string what) => new($"'{name}' is not a safetensors file of float32 tensors: {what}");
        if (bytes.Length < 8) throw Bad($"it has {bytes.Length} bytes, fewer than the 8 of the header's length");
        ulong declared = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (declared < 2 || declared > MaxHeaderBytes || declared > (ulong)(bytes.Length - 8))
            throw Bad($"the header's length {declared} does not fit in the {bytes.Length - 8} bytes after it");
        int headerLength = (int)declared;
        var header = bytes.Slice(8, headerLength);
        var data = bytes[(8 + headerLength)..];
        if (header[0] != (byte)'{') throw Bad("the header does not start with '{'");
        JsonDocument json;
        try { json = JsonDocument.Parse(header.ToArray(), new JsonDocumentOptions { MaxDepth = 8 }); }
        catch (JsonException e) { throw Bad($"the header is not JSON ({e.Message})"); }
        using (json)
        {
            if (json.RootElement.ValueKind != JsonValueKind.Object) throw Bad("the header is not a JSON object");
            var metadata = new Dictionary<string, string>();
            var entries = new List<(string Name, int[] Shape, long Begin, long End)>();
            var names = new HashSet<string>();
            foreach (var property in json.RootElement.EnumerateObject())
            {
                if (!names.Add(property.Name)) throw Bad($"'{property.Name}' appears twice in the header");
                if (property.Name == "__metadata__")
                {
                    if (property.Value.ValueKind != JsonValueKind.Object) throw Bad("__metadata__ is not an object");
                    foreach (var item in property.Value.EnumerateObject())
                        metadata[item.Name] = item.Value.ValueKind == JsonValueKind.String
                            ? item.Value.GetString()!
                            : throw Bad($"metadata '{item.Name}' is not a string");
                    continue;
                }
                entries.Add(Entry(property, data.Length, Bad));
            }
            CheckCoverage(entries, data.Length, Bad);
            var tensors = new List<SafeTensor>(entries.Count);
            foreach (var e in entries.OrderBy(e => e.Begin))
                tensors.Add(new SafeTensor(e.Name, e.Shape, Floats(data[(int)e.Begin..(int)e.End])));
            return new SafeTensorsContent(tensors, metadata);
        }
    }

    private static (string, int[], long, long) Entry(JsonProperty property, int dataLength, Func<string, InputException> bad)
    {
        string name = property.Name;
        var e = property.Value;
        if (e.ValueKind != JsonValueKind.Object) throw bad($"tensor '{name}' is not described by an object");
        if (!e.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String)
            throw bad($"tensor '{name}' has no dtype");
        if (dtype.GetString() != "F32") throw bad($"tensor '{name}' is {dtype.GetString()}; Downhill reads F32 only");
        if (!e.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array || shape.GetArrayLength() > 8)
            throw bad($"tensor '{name}' has no shape (a list of at most 8 sizes)");
        var sizes = new List<int>();
        long count = 1;
        foreach (var d in shape.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out int size) || size < 0)
                throw bad($"tensor '{name}' has a size that is not a whole number from 0 to {int.MaxValue}");
            sizes.Add(size);
            count = Math.Min(count * size, long.MaxValue / 8);
        }
        if (!e.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2
            || !offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end) || begin < 0 || end < begin)
            throw bad($"tensor '{name}' has no data_offsets [begin, end] with 0 ≤ begin ≤ end");
        if (end > dataLength) throw bad($"tensor '{name}' ends at byte {end} of data that has {dataLength} (the file is truncated)");
        if (end - begin != 4 * count) throw bad($"tensor '{name}' of shape [{string.Join(", ", sizes)}] needs {4 * count} bytes, not {end - begin}");
        return (name, sizes.ToArray(), begin, end);
    }

    /// <summary>The ranges tile the data exactly: sorted, each starts where the last ended, the last ends at the data's end.</summary>
    private static void CheckCoverage(List<(string Name, int[] Shape, long Begin, long End)> entries, int dataLength, Func<string, InputException> bad)
    {
        long at = 0;
        foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (e.Begin != at) throw bad(e.Begin < at ? $"tensor '{e.Name}' overlaps another" : $"{e.Begin - at} bytes before tensor '{e.Name}' belong to no tensor");
            at = e.End;
        }
        if (at != dataLength) throw bad($"{dataLength - at} bytes at the end belong to no tensor");
    }

    private static float[] Floats(ReadOnlySpan<byte> bytes)
    {
        var values = new float[bytes.Length / 4];
        for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(4 * i, 4));
        return values;
    }
}

/// <summary>A named float32 tensor: its shape and its values, row-major.</summary>
public sealed record SafeTensor
{
    /// <summary>A float32 tensor named <paramref name="name"/> of shape <paramref name="shape"/> holding <paramref name="values"/> (row-major).</summary>
    public SafeTensor(string name, int[] shape, float[] values)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(values);
        long count = shape.Aggregate(1L, (p, d) => d >= 0 ? p * d : throw new ArgumentException("sizes cannot be negative", nameof(shape)));
        if (count != values.Length) throw new ArgumentException($"shape [{string.Join(", ", shape)}] holds {count} values, not {values.Length}", nameof(values));
        (Name, Shape, Values) = (name, shape, values);
    }

    /// <summary>The tensor's name in the file.</summary>
    public string Name { get; }
    /// <summary>The tensor's shape.</summary>
    public IReadOnlyList<int> Shape { get; }
    /// <summary>The numbers, row-major.</summary>
    public float[] Values { get; }
}

/// <summary>A safetensors file's tensors, in the order of their data, and its metadata.</summary>
public sealed record SafeTensorsContent(IReadOnlyList<SafeTensor> Tensors, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>The tensor named <paramref name="name"/>, or null.</summary>
    public SafeTensor? Find(string name) => Tensors.FirstOrDefault(t => t.Name == name);
}
