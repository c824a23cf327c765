using System.Numerics;

namespace Downhill.Learning.Losses;

/// <summary>
/// Binary cross-entropy on logits z (torch's BCEWithLogitsLoss, mean), in the stable form
/// max(z, 0) − z·t + log(1 + e^−|z|); ∂/∂z = (σ(z) − t)/N; ∂²/∂z² = σ(z)(1 − σ(z))/N.
/// </summary>
internal sealed class BinaryCrossEntropyWithLogits : Loss
{
    public override string Name => "bce";
    public override bool TakesBinaryLabels => true;

    public override double Evaluate<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> t, int rows, int columns, Span<T> g, T scale)
    {
        int count = rows * columns;
        double wideScale = double.CreateTruncating(scale);
        double sum = 0;
        for (int i = 0; i < count; i++)
        {
            double zi = double.CreateTruncating(z[i]), ti = double.CreateTruncating(t[i]);
            sum += Math.Max(zi, 0) - zi * ti + Math.Log(1 + Math.Exp(-Math.Abs(zi)));
            if (!g.IsEmpty) g[i] = T.CreateTruncating(wideScale * (1 / (1 + Math.Exp(-zi)) - ti) / count);
        }
        return sum / count;
    }

    public override void HessianVector<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> t, ReadOnlySpan<T> d, int rows, int columns, Span<T> result, T scale)
    {
        int count = rows * columns;
        double factor = double.CreateTruncating(scale) / count;
        for (int i = 0; i < count; i++)
        {
            double s = 1 / (1 + Math.Exp(-double.CreateTruncating(z[i])));
            result[i] = T.CreateTruncating(factor * s * (1 - s) * double.CreateTruncating(d[i]));
        }
    }
}

/// <summary>
/// Softmax cross-entropy on logits z [rows, classes] against class indices (torch's CrossEntropyLoss, mean over
/// rows): log Σ_j e^{z_j} − z_y, computed after subtracting max_j z_j; ∂/∂z = (softmax(z) − onehot(y))/rows;
/// per row, ∂²/∂z² = (diag(s) − s·sᵀ)/rows with s = softmax(z).
/// </summary>
internal sealed class SoftmaxCrossEntropy : Loss
{
    public override string Name => "cross-entropy";
    public override bool TakesClassIndices => true;

    public override double Evaluate<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> t, int rows, int columns, Span<T> g, T scale)
    {
        double sum = 0;
        T share = scale / T.CreateTruncating(rows);
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<T> row = z.Slice(i * columns, columns);
            int label = Label(t[i], i, columns);
            T max = Max(row);
            double total = 0;
            foreach (T v in row) total += Math.Exp(double.CreateTruncating(v - max));
            double logTotal = Math.Log(total);
            sum += logTotal - double.CreateTruncating(row[label] - max);
            if (g.IsEmpty) continue;
            Span<T> gi = g.Slice(i * columns, columns);
            for (int j = 0; j < columns; j++)
                gi[j] = share * (T.CreateTruncating(Math.Exp(double.CreateTruncating(row[j] - max) - logTotal)) - (j == label ? T.One : T.Zero));
        }
        return sum / rows;
    }

    public override void HessianVector<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> t, ReadOnlySpan<T> d, int rows, int columns, Span<T> result, T scale)
    {
        double share = double.CreateTruncating(scale) / rows;
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<T> row = z.Slice(i * columns, columns), di = d.Slice(i * columns, columns);
            Span<T> ri = result.Slice(i * columns, columns);
            T max = Max(row);
            double total = 0;
            foreach (T v in row) total += Math.Exp(double.CreateTruncating(v - max));
            double logTotal = Math.Log(total), mean = 0;
            // s·d first (the softmax-weighted mean of the direction), then sⱼ(dⱼ − s·d); sⱼ is recomputed rather than kept.
            for (int j = 0; j < columns; j++)
                mean += Math.Exp(double.CreateTruncating(row[j] - max) - logTotal) * double.CreateTruncating(di[j]);
            for (int j = 0; j < columns; j++)
                ri[j] = T.CreateTruncating(share * Math.Exp(double.CreateTruncating(row[j] - max) - logTotal) * (double.CreateTruncating(di[j]) - mean));
        }
    }

    private static int Label<T>(T target, int row, int columns) where T : IBinaryFloatingPointIeee754<T>
    {
        int label = int.CreateTruncating(target);
        return (uint)label < (uint)columns
            ? label
            : throw new ArgumentException($"class index {target} in row {row} is not in 0..{columns - 1}");
    }

    private static T Max<T>(ReadOnlySpan<T> row) where T : IBinaryFloatingPointIeee754<T>
    {
        T max = T.NegativeInfinity;
        foreach (T v in row) max = T.Max(max, v);
        return max;
    }
}
