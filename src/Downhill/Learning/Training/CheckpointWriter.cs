using System.Text;

namespace Downhill.Learning.Training;

/// <summary>Writes a checkpoint's payload in the layout <see cref="CheckpointReader"/> reads: little-endian, lengths as int32.</summary>
internal sealed class CheckpointWriter(Stream stream)
{
    private readonly BinaryWriter _writer = new(stream, Encoding.UTF8, leaveOpen: true);

    public void Write(byte value) => _writer.Write(value);
    public void Write(bool value) => _writer.Write(value);
    public void Write(int value) => _writer.Write(value);
    public void Write(long value) => _writer.Write(value);
    public void Write(ulong value) => _writer.Write(value);
    public void Write(double value) => _writer.Write(value);

    /// <summary>UTF-8 text after its length in bytes.</summary>
    public void Write(string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        _writer.Write(bytes.Length);
        _writer.Write(bytes);
    }

    /// <summary>A float32 array: its tag, its length, its numbers.</summary>
    public void Write(ReadOnlySpan<float> values)
    {
        _writer.Write(CheckpointReader.Float32Tag);
        _writer.Write(values.Length);
        foreach (float v in values) _writer.Write(v);
    }

    public void Flush() => _writer.Flush();
}
