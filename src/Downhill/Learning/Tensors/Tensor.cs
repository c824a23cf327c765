namespace Downhill.Learning.Tensors;

/// <summary>
/// A contiguous, row-major float32 tensor. Operations treat it as a matrix of <see cref="Rows"/> (the first
/// dimension: the batch) by <see cref="Columns"/> (everything else); <see cref="Reshape"/> is a view over the same data.
/// </summary>
public sealed class Tensor
{
    private readonly int[] _shape;

    /// <summary>A tensor of zeros of the given shape.</summary>
    public Tensor(params int[] shape) : this(new float[CheckedLength(shape)], shape) { }

    /// <summary>A tensor over <paramref name="data"/> (not copied), which must hold at least the shape's length.</summary>
    public Tensor(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        int length = CheckedLength(shape);
        if (data.Length < length)
            throw new ArgumentException($"{data.Length} values cannot fill a tensor of shape [{string.Join(", ", shape)}]");
        Data = data;
        _shape = (int[])shape.Clone();
        Length = length;
    }

    /// <summary>The storage; only the first <see cref="Length"/> entries belong to this tensor.</summary>
    public float[] Data { get; }

    public ReadOnlySpan<int> Shape => _shape;
    public int Rank => _shape.Length;
    public int Length { get; }
    public int Rows => _shape[0];
    public int Columns => _shape.Length == 1 ? 1 : Length / _shape[0];

    public Span<float> Span => Data.AsSpan(0, Length);

    public float this[int row, int column]
    {
        get => Data[row * Columns + column];
        set => Data[row * Columns + column] = value;
    }

    /// <summary>One row (one sample of a batch) as a span.</summary>
    public Span<float> Row(int row) => Data.AsSpan(row * Columns, Columns);

    /// <summary>A view with another shape of the same length, sharing this tensor's data.</summary>
    public Tensor Reshape(params int[] shape)
    {
        if (CheckedLength(shape) != Length)
            throw new ArgumentException($"cannot reshape [{string.Join(", ", _shape)}] to [{string.Join(", ", shape)}]");
        return new Tensor(Data, shape);
    }

    public void Clear() => Span.Clear();

    public float[] ToArray() => Span.ToArray();

    public override string ToString() => $"Tensor[{string.Join(", ", _shape)}]";

    private static int CheckedLength(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0) throw new ArgumentException("a tensor needs at least one dimension");
        long length = 1;
        foreach (int d in shape)
        {
            if (d <= 0) throw new ArgumentException($"dimension {d} in [{string.Join(", ", shape)}] is not positive");
            length *= d;
        }
        return length <= Array.MaxLength ? (int)length : throw new ArgumentException("tensor too large");
    }
}
