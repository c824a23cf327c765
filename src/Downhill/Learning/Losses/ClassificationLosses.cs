namespace Downhill.Learning.Losses;

/// <summary>
/// Binary cross-entropy on logits z (torch's BCEWithLogitsLoss, mean), in the stable form
/// max(z, 0) − z·t + log(1 + e^−|z|); ∂/∂z = (σ(z) − t)/N.
/// </summary>
internal sealed class BinaryCrossEntropyWithLogits : Loss
{
    public override string Name => "bce";
    public override bool TakesBinaryLabels => true;

    public override double Evaluate(ReadOnlySpan<float> z, ReadOnlySpan<float> t, int rows, int columns, Span<float> g, float scale)
    {
        int count = rows * columns;
        double sum = 0;
        for (int i = 0; i < count; i++)
        {
            double zi = z[i];
            sum += Math.Max(zi, 0) - zi * t[i] + Math.Log(1 + Math.Exp(-Math.Abs(zi)));
            if (!g.IsEmpty) g[i] = (float)(scale * (1 / (1 + Math.Exp(-zi)) - t[i]) / count);
        }
        return sum / count;
    }
}

/// <summary>
/// Softmax cross-entropy on logits z [rows, classes] against class indices (torch's CrossEntropyLoss, mean over
/// rows): log Σ_j e^{z_j} − z_y, computed after subtracting max_j z_j; ∂/∂z = (softmax(z) − onehot(y))/rows.
/// </summary>
internal sealed class SoftmaxCrossEntropy : Loss
{
    public override string Name => "cross-entropy";
    public override bool TakesClassIndices => true;

    public override double Evaluate(ReadOnlySpan<float> z, ReadOnlySpan<float> t, int rows, int columns, Span<float> g, float scale)
    {
        double sum = 0;
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> row = z.Slice(i * columns, columns);
            int label = (int)t[i];
            if ((uint)label >= (uint)columns)
                throw new ArgumentException($"class index {t[i]} in row {i} is not in 0..{columns - 1}");
            float max = float.NegativeInfinity;
            foreach (float v in row) max = MathF.Max(max, v);
            double total = 0;
            foreach (float v in row) total += Math.Exp(v - max);
            double logTotal = Math.Log(total);
            sum += logTotal - (row[label] - max);
            if (g.IsEmpty) continue;
            Span<float> gi = g.Slice(i * columns, columns);
            float share = scale / rows;
            for (int j = 0; j < columns; j++)
                gi[j] = share * ((float)Math.Exp(row[j] - max - logTotal) - (j == label ? 1f : 0f));
        }
        return sum / rows;
    }
}
