using System.Buffers.Binary;
using System.Text;

namespace Downhill.Learning.Training;

/// <summary>
/// Reads a checkpoint's payload, trusting nothing in it: every read checks that the bytes are there, every length is
/// checked against what the caller expects before anything is allocated or copied, and every tag against the one
/// allowed. A violation is an <see cref="InvalidDataException"/> saying what was wrong and where.
/// </summary>
internal ref struct CheckpointReader(ReadOnlySpan<byte> payload)
{
    /// <summary>The tag before an array of float32.</summary>
    public const byte Float32Tag = 1;

    private readonly ReadOnlySpan<byte> _payload = payload;
    private int _position;

    /// <summary>Whether every byte has been read.</summary>
    public readonly bool AtEnd => _position == _payload.Length;

    public byte ReadByte() => Take(1, "a byte")[0];

    public bool ReadBoolean(string what) => ReadByte() switch
    {
        0 => false,
        1 => true,
        var b => throw new InvalidDataException($"{what} is {b}, not true (1) or false (0)"),
    };

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4, "a whole number"));

    /// <summary>A count that must lie in [0, <paramref name="max"/>].</summary>
    public int ReadCount(string what, int max)
    {
        int n = ReadInt32();
        return n >= 0 && n <= max ? n : throw new InvalidDataException($"{what} is {n}, not from 0 to {max}");
    }

    /// <summary>A count that must equal <paramref name="expected"/>.</summary>
    public int ReadCount(string what, int expected, string because)
    {
        int n = ReadInt32();
        return n == expected ? n : throw new InvalidDataException($"{what} is {n}, but {because} {expected}");
    }

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8, "a whole number"));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, "a whole number"));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, "a number"));

    /// <summary>UTF-8 text of at most <paramref name="maxBytes"/> bytes.</summary>
    public string ReadString(string what, int maxBytes = 4096)
    {
        int length = ReadCount($"the length of {what}", maxBytes);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Take(length, what));
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidDataException($"{what} is not UTF-8 text");
        }
    }

    /// <summary>
    /// A float32 array that must hold exactly <paramref name="into"/>'s length of finite numbers, read into it:
    /// the tag and length are checked before a number is read.
    /// </summary>
    public void ReadFloats(string what, Span<float> into)
    {
        byte tag = ReadByte();
        if (tag != Float32Tag) throw new InvalidDataException($"{what} has type tag {tag}, not float32 ({Float32Tag})");
        ReadCount($"the length of {what}", into.Length, "the model has");
        var bytes = Take(checked(4 * into.Length), what);
        for (int i = 0; i < into.Length; i++)
        {
            float v = BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]);
            into[i] = float.IsFinite(v) ? v : throw new InvalidDataException($"{what}[{i}] is {v}, not a finite number");
        }
    }

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count < 0 || count > _payload.Length - _position)
            throw new InvalidDataException($"it ends inside {what} (byte {_position} of {_payload.Length})");
        var span = _payload.Slice(_position, count);
        _position += count;
        return span;
    }
}
