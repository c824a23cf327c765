using System.Numerics;

namespace Downhill.Learning.Losses;

/// <summary>MSE (torch's MSELoss, mean over every entry): (1/N) Σ (p − t)²; ∂/∂p = 2(p − t)/N; ∂²/∂p² = 2/N.</summary>
internal sealed class MeanSquaredError : Loss
{
    public override string Name => "mse";

    public override double Evaluate<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> t, int rows, int columns, Span<T> g, T scale)
    {
        int count = rows * columns;
        T two = T.CreateTruncating(2), n = T.CreateTruncating(count);
        double sum = 0;
        for (int i = 0; i < count; i++)
        {
            T r = p[i] - t[i];
            double wide = double.CreateTruncating(r);
            sum += wide * wide;
            if (!g.IsEmpty) g[i] = scale * two * r / n;
        }
        return sum / count;
    }

    public override void HessianVector<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> t, ReadOnlySpan<T> d, int rows, int columns, Span<T> result, T scale)
    {
        int count = rows * columns;
        T factor = scale * T.CreateTruncating(2) / T.CreateTruncating(count);
        for (int i = 0; i < count; i++) result[i] = factor * d[i];
    }
}

/// <summary>The residual sum of squares: Σ (p − t)², with residuals r = p − t; ∂/∂p = 2r; ∂²/∂p² = 2.</summary>
internal sealed class ResidualSumOfSquares : Loss
{
    public override string Name => "rss";
    public override bool SumsOverRows => true;

    public override double Evaluate<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> t, int rows, int columns, Span<T> g, T scale)
    {
        T two = T.CreateTruncating(2);
        double sum = 0;
        for (int i = 0; i < rows * columns; i++)
        {
            T r = p[i] - t[i];
            double wide = double.CreateTruncating(r);
            sum += wide * wide;
            if (!g.IsEmpty) g[i] = scale * two * r;
        }
        return sum;
    }

    public override void HessianVector<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> t, ReadOnlySpan<T> d, int rows, int columns, Span<T> result, T scale)
    {
        T factor = scale * T.CreateTruncating(2);
        for (int i = 0; i < rows * columns; i++) result[i] = factor * d[i];
    }
}

/// <summary>
/// MAE (torch's L1Loss): (1/N) Σ |p − t|; ∂/∂p = sign(p − t)/N (0 where p = t, as torch); ∂²/∂p² = 0 everywhere, at
/// p = t too (torch's double backward of sign is 0).
/// </summary>
internal sealed class MeanAbsoluteError : Loss
{
    public override string Name => "mae";

    public override double Evaluate<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> t, int rows, int columns, Span<T> g, T scale)
    {
        int count = rows * columns;
        T n = T.CreateTruncating(count);
        double sum = 0;
        for (int i = 0; i < count; i++)
        {
            T r = p[i] - t[i];
            sum += Math.Abs(double.CreateTruncating(r));
            if (!g.IsEmpty) g[i] = scale * T.CreateTruncating(T.Sign(r)) / n;
        }
        return sum / count;
    }

    public override void HessianVector<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> t, ReadOnlySpan<T> d, int rows, int columns, Span<T> result, T scale) =>
        result[..(rows * columns)].Clear();
}

/// <summary>
/// Huber (torch's HuberLoss, mean): ½r² where |r| ≤ δ, else δ(|r| − ½δ); ∂/∂p = r, or δ·sign(r), over N;
/// ∂²/∂p² = 1/N where |r| ≤ δ (the boundary counts as quadratic, as the gradient's branch does), else 0.
/// </summary>
internal sealed class HuberLoss(double delta) : Loss
{
    public override string Name => "huber";

    public override string ToString() => $"huber:delta={delta}";

    public override double Evaluate<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> t, int rows, int columns, Span<T> g, T scale)
    {
        int count = rows * columns;
        double wideScale = double.CreateTruncating(scale);
        double sum = 0;
        for (int i = 0; i < count; i++)
        {
            double r = double.CreateTruncating(p[i] - t[i]);
            bool quadratic = Math.Abs(r) <= delta;
            sum += quadratic ? 0.5 * r * r : delta * (Math.Abs(r) - 0.5 * delta);
            if (!g.IsEmpty) g[i] = T.CreateTruncating(wideScale * (quadratic ? r : delta * Math.Sign(r)) / count);
        }
        return sum / count;
    }

    public override void HessianVector<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> t, ReadOnlySpan<T> d, int rows, int columns, Span<T> result, T scale)
    {
        int count = rows * columns;
        double factor = double.CreateTruncating(scale) / count;
        for (int i = 0; i < count; i++)
        {
            bool quadratic = Math.Abs(double.CreateTruncating(p[i] - t[i])) <= delta;
            result[i] = quadratic ? T.CreateTruncating(factor * double.CreateTruncating(d[i])) : T.Zero;
        }
    }
}
