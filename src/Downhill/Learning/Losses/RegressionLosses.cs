namespace Downhill.Learning.Losses;

/// <summary>MSE (torch's MSELoss, mean over every entry): (1/N) Σ (p − t)²; ∂/∂p = 2(p − t)/N.</summary>
internal sealed class MeanSquaredError : Loss
{
    public override string Name => "mse";

    public override double Evaluate(ReadOnlySpan<float> p, ReadOnlySpan<float> t, int rows, int columns, Span<float> g, float scale)
    {
        int count = rows * columns;
        double sum = 0;
        for (int i = 0; i < count; i++)
        {
            float r = p[i] - t[i];
            sum += (double)r * r;
            if (!g.IsEmpty) g[i] = scale * 2f * r / count;
        }
        return sum / count;
    }
}

/// <summary>The residual sum of squares: Σ (p − t)², with residuals r = p − t; ∂/∂p = 2r.</summary>
internal sealed class ResidualSumOfSquares : Loss
{
    public override string Name => "rss";
    public override bool SumsOverRows => true;

    public override double Evaluate(ReadOnlySpan<float> p, ReadOnlySpan<float> t, int rows, int columns, Span<float> g, float scale)
    {
        double sum = 0;
        for (int i = 0; i < rows * columns; i++)
        {
            float r = p[i] - t[i];
            sum += (double)r * r;
            if (!g.IsEmpty) g[i] = scale * 2f * r;
        }
        return sum;
    }
}

/// <summary>MAE (torch's L1Loss): (1/N) Σ |p − t|; ∂/∂p = sign(p − t)/N (0 where p = t, as torch).</summary>
internal sealed class MeanAbsoluteError : Loss
{
    public override string Name => "mae";

    public override double Evaluate(ReadOnlySpan<float> p, ReadOnlySpan<float> t, int rows, int columns, Span<float> g, float scale)
    {
        int count = rows * columns;
        double sum = 0;
        for (int i = 0; i < count; i++)
        {
            float r = p[i] - t[i];
            sum += Math.Abs(r);
            if (!g.IsEmpty) g[i] = scale * MathF.Sign(r) / count;
        }
        return sum / count;
    }
}

/// <summary>
/// Huber (torch's HuberLoss, mean): ½r² where |r| ≤ δ, else δ(|r| − ½δ); ∂/∂p = r, or δ·sign(r), over N.
/// </summary>
internal sealed class HuberLoss(double delta) : Loss
{
    public override string Name => "huber";

    public override string ToString() => $"huber:delta={delta}";

    public override double Evaluate(ReadOnlySpan<float> p, ReadOnlySpan<float> t, int rows, int columns, Span<float> g, float scale)
    {
        int count = rows * columns;
        double sum = 0;
        for (int i = 0; i < count; i++)
        {
            double r = p[i] - t[i];
            bool quadratic = Math.Abs(r) <= delta;
            sum += quadratic ? 0.5 * r * r : delta * (Math.Abs(r) - 0.5 * delta);
            if (!g.IsEmpty) g[i] = (float)(scale * (quadratic ? r : delta * Math.Sign(r)) / count);
        }
        return sum / count;
    }
}
