using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Downhill.Learning.Tensors;

/// <summary>
/// Where the nonzero entries of a row-major matrix are, listed twice: by row (<see cref="RowStart"/>,
/// <see cref="ColumnIndex"/>, <see cref="RowValue"/>: row i's entries at [RowStart[i], RowStart[i + 1]) in increasing
/// column) and by column (<see cref="ColumnStart"/>, <see cref="RowIndex"/>, <see cref="ColumnValue"/>, in increasing
/// row). Built with vector compares; the buffers grow once and are reused, so indexing a batch allocates nothing once
/// warm. The kernels that read it run without bounds checks: every index it holds is within the matrix.
/// </summary>
internal sealed class NonZeroIndex
{
    private int[] _next = [];

    public int Rows { get; private set; }
    public int Columns { get; private set; }
    public int Count { get; private set; }
    public int[] RowStart { get; private set; } = [];
    public int[] ColumnIndex { get; private set; } = [];
    public float[] RowValue { get; private set; } = [];
    public int[] ColumnStart { get; private set; } = [];
    public int[] RowIndex { get; private set; } = [];
    public float[] ColumnValue { get; private set; } = [];

    /// <summary>Indexes the nonzeros of row-major <paramref name="a"/> [rows, columns]; false (and nothing indexed)
    /// when more than <paramref name="densityThreshold"/> of them are nonzero.</summary>
    public bool TryBuild(ReadOnlySpan<float> a, int rows, int columns, double densityThreshold)
    {
        int count = CountNonZeros(a);
        Rows = Columns = Count = 0;
        if (count > densityThreshold * rows * columns) return false;
        RowStart = Grown(RowStart, rows + 1);
        ColumnStart = Grown(ColumnStart, columns + 1);
        ColumnIndex = Grown(ColumnIndex, count);
        RowValue = Grown(RowValue, count);
        RowIndex = Grown(RowIndex, count);
        ColumnValue = Grown(ColumnValue, count);
        Array.Clear(ColumnStart, 0, columns + 1);
        int at = 0;
        for (int i = 0; i < rows; i++)
        {
            RowStart[i] = at;
            at = IndexRow(a.Slice(i * columns, columns), at);
        }
        RowStart[rows] = at;
        for (int k = 0; k < columns; k++) ColumnStart[k + 1] += ColumnStart[k];
        // Column lists filled in row order, so each column's entries run in increasing row index.
        _next = Grown(_next, columns);
        Span<int> next = _next.AsSpan(0, columns);
        ColumnStart.AsSpan(0, columns).CopyTo(next);
        FillColumns(rows, next);
        (Rows, Columns, Count) = (rows, columns, at);
        return true;
    }

    /// <summary>Entries not equal to zero (−0 counts as zero), a vector compare and a population count at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CountNonZeros(ReadOnlySpan<float> a)
    {
        int count = 0, k = 0;
        ref float a0 = ref MemoryMarshal.GetReference(a);
        if (Vector512.IsHardwareAccelerated)
            for (; k + 16 <= a.Length; k += 16)
                count += System.Numerics.BitOperations.PopCount(
                    (~Vector512.Equals(Vector512.LoadUnsafe(ref a0, (nuint)k), Vector512<float>.Zero)).ExtractMostSignificantBits());
        for (; k < a.Length; k++)
            if (Unsafe.Add(ref a0, k) != 0f) count++;
        return count;
    }

    /// <summary>Copies the row lists into the column lists, visiting rows in order so each column's run ascends.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FillColumns(int rows, Span<int> next)
    {
        ref int columnIndex = ref MemoryMarshal.GetArrayDataReference(ColumnIndex);
        ref float rowValue = ref MemoryMarshal.GetArrayDataReference(RowValue);
        ref int rowIndex = ref MemoryMarshal.GetArrayDataReference(RowIndex);
        ref float columnValue = ref MemoryMarshal.GetArrayDataReference(ColumnValue);
        ref int next0 = ref MemoryMarshal.GetReference(next);
        for (int i = 0; i < rows; i++)
            for (int e = RowStart[i], last = RowStart[i + 1]; e < last; e++)
            {
                int slot = Unsafe.Add(ref next0, Unsafe.Add(ref columnIndex, e))++;
                Unsafe.Add(ref rowIndex, slot) = i;
                Unsafe.Add(ref columnValue, slot) = Unsafe.Add(ref rowValue, e);
            }
    }

    /// <summary>Appends the nonzeros of one row from position <paramref name="at"/>: a vector compare gives a bit
    /// mask of nonzeros, walked bit by bit, so the ~80% zeros cost no unpredictable branches.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int IndexRow(ReadOnlySpan<float> row, int at)
    {
        int k = 0;
        // The buffers were grown to hold every nonzero of the matrix and every column, so no index here is out of range.
        ref int columnIndex = ref MemoryMarshal.GetArrayDataReference(ColumnIndex);
        ref float rowValue = ref MemoryMarshal.GetArrayDataReference(RowValue);
        ref int columnStart = ref MemoryMarshal.GetArrayDataReference(ColumnStart);
        if (Vector512.IsHardwareAccelerated)
            for (; k + 16 <= row.Length; k += 16)
            {
                var v = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(row), (nuint)k);
                ulong mask = (~Vector512.Equals(v, Vector512<float>.Zero)).ExtractMostSignificantBits();
                while (mask != 0)
                {
                    int column = k + System.Numerics.BitOperations.TrailingZeroCount(mask);
                    Unsafe.Add(ref columnIndex, at) = column;
                    Unsafe.Add(ref rowValue, at++) = Unsafe.Add(ref MemoryMarshal.GetReference(row), column);
                    Unsafe.Add(ref columnStart, column + 1)++;
                    mask &= mask - 1;
                }
            }
        for (; k < row.Length; k++)
            if (row[k] != 0f)
            {
                ColumnIndex[at] = k;
                RowValue[at++] = row[k];
                ColumnStart[k + 1]++;
            }
        return at;
    }

    private static T[] Grown<T>(T[] buffer, int length) => buffer.Length < length ? new T[length] : buffer;
}
