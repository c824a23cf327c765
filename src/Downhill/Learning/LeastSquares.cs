using Downhill.Learning.Data;
using Downhill.Learning.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Downhill.Learning;

/// <summary>A linear fit y ≈ X·w + b and its residual sum of squares on the data it was measured on.</summary>
public sealed record LinearFit(IReadOnlyList<double> Weights, double Intercept, double Rss);

/// <summary>
/// The course's "least squares vs gradient descent": the closed-form minimiser of the RSS of a linear model
/// (QR factorisation of [X 1], in double precision, via MathNet) beside the weights gradient descent reached.
/// </summary>
public sealed record LeastSquaresComparison(LinearFit ClosedForm, LinearFit GradientDescent)
{
    /// <summary>max over coefficients (weights and intercept) of |descent − closed form|.</summary>
    public double MaxCoefficientDifference =>
        ClosedForm.Weights.Zip(GradientDescent.Weights, (a, b) => Math.Abs(a - b))
            .Append(Math.Abs(ClosedForm.Intercept - GradientDescent.Intercept)).Max();

    /// <summary>(RSS of descent − RSS of the closed form) / RSS of the closed form; never negative in exact arithmetic.</summary>
    public double RelativeRssGap => (GradientDescent.Rss - ClosedForm.Rss) / ClosedForm.Rss;

    /// <summary>Solves least squares on <paramref name="data"/> and compares a trained <c>linear</c> model with it.</summary>
    public static LeastSquaresComparison Compare(Model linear, Dataset data)
    {
        if (linear.Layers.Count != 1 || linear.Outputs != 1 || linear.Layers[0].Activation is not null)
            throw new InputException($"least squares compares a linear model with one output, not {linear.Spec}");
        var layer = linear.Layers[0];
        var weights = layer.Weight.Value.Span.ToArray().Select(v => (double)v).ToArray();
        double intercept = layer.Bias.Value.Span[0];
        return new LeastSquaresComparison(LeastSquares.Fit(data), new LinearFit(weights, intercept, LeastSquares.Rss(data, weights, intercept)));
    }
}

/// <summary>Closed-form linear least squares.</summary>
public static class LeastSquares
{
    /// <summary>argmin over w, b of Σ (x_n·w + b − y_n)², by Householder QR of [X 1].</summary>
    public static LinearFit Fit(Dataset data)
    {
        if (data.IsClassification || data.TargetWidth != 1)
            throw new InputException($"least squares needs one numeric target, and {data.Name} has {(data.IsClassification ? "classes" : $"{data.TargetWidth} targets")}");
        int n = data.Count, d = data.FeatureCount;
        if (n <= d) throw new InputException($"least squares needs more rows than coefficients: {n} rows, {d + 1} coefficients");
        var design = Matrix<double>.Build.Dense(n, d + 1, (i, j) => j < d ? data.Features[i * d + j] : 1.0);
        var y = Vector<double>.Build.Dense(n, i => data.Targets[i]);
        var solution = design.QR().Solve(y);
        var weights = solution.SubVector(0, d).ToArray();
        double intercept = solution[d];
        return new LinearFit(weights, intercept, Rss(data, weights, intercept));
    }

    /// <summary>Σ (x_n·w + b − y_n)² in double precision.</summary>
    public static double Rss(Dataset data, IReadOnlyList<double> weights, double intercept)
    {
        double rss = 0;
        for (int i = 0; i < data.Count; i++)
        {
            double prediction = intercept;
            var row = data.FeatureRow(i);
            for (int j = 0; j < row.Length; j++) prediction += row[j] * weights[j];
            double r = prediction - data.Targets[i];
            rss += r * r;
        }
        return rss;
    }
}
