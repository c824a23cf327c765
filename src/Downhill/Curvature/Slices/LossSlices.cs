using Downhill.Curvature.Networks;
using Downhill.Curvature.Spectra;
using Downhill.Learning.Data;
using Downhill.Learning.Models;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Downhill.Curvature.Slices;

/// <summary>
/// Slices of a trained network's loss landscape: the loss (and accuracy) on a grid of points θ + α·d₁ + β·d₂ around the
/// trained weights θ, along random filter-normalized directions (Li et al. 2018) or the Hessian's top eigenvectors, or
/// along the straight line from the initial weights (Goodfellow et al. 2015). Each point is one pass over every row,
/// in batches summed in double, a row of the grid at a time (<see cref="NetworkLoss.EvaluateAlong"/>, which forms the
/// first layer's products once per batch for the whole row), so the answer depends on the seed only, never on the
/// threads.
/// </summary>
public static class LossSlices
{
    /// <summary>
    /// Takes the slice <paramref name="request"/> describes of <paramref name="model"/>'s loss at its current weights, on
    /// <paramref name="rows"/> and, when given, on <paramref name="heldOut"/> rows too. The grid goes a row at a time
    /// (<see cref="NetworkLoss.EvaluateAlong"/>); cancelling ends it with the rows computed so far (the others NaN).
    /// </summary>
    public static LossSlice Take(Model model, Dataset rows, Dataset? heldOut, SliceRequest request, NetworkLossOptions? options = null,
        ICurvatureObserver? observer = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate(model.ParameterCount);
        options ??= new NetworkLossOptions();
        using var primary = new NetworkLoss(model, rows, options);
        using var held = heldOut is null ? null : new NetworkLoss(model, heldOut, options);
        double[] theta = primary.Parameters();
        var trained = (primary.Evaluate(theta), held?.Evaluate(theta));
        var initial = request.Start is { } start ? (primary.Evaluate(start), held?.Evaluate(start)) : default((NetworkEvaluation, NetworkEvaluation?)?);
        var (center, directions, eigenvalues, reason) = Directions(model, primary, theta, request, observer, cancel);

        int n = request.Points;
        double[] xs = request.Directions == SliceDirections.Line
            ? Enumerable.Range(0, n).Select(k => -request.Span / 2 + (1 + request.Span) * k / (n - 1)).ToArray()
            : Symmetric(request.Span, n);
        double[] ys = request.Axes == 2 ? Symmetric(request.Span, n) : [0.0];
        var first = Values(primary, ys.Length, xs.Length);
        var second = held is null ? null : Values(held, ys.Length, xs.Length);
        int evaluated = 0, planned = xs.Length * ys.Length, axes = directions.Count;
        var coefficients = new double[xs.Length * axes];
        for (int j = 0; j < ys.Length && reason is null; j++)
        {
            // One row of the grid at a time: each batch's first-layer products serve the whole row.
            for (int i = 0; i < xs.Length; i++)
            {
                coefficients[i * axes] = xs[i];
                if (axes > 1) coefficients[i * axes + 1] = ys[j];
            }
            var row = primary.EvaluateAlong(center, directions, coefficients, cancel);
            var heldRow = row is null ? null : held?.EvaluateAlong(center, directions, coefficients, cancel);
            if (row is null || (held is not null && heldRow is null)) break;
            for (int i = 0; i < xs.Length; i++)
            {
                Record(row[i], first, i, j);
                if (heldRow is not null) Record(heldRow[i], second!, i, j);
                evaluated++;
                observer?.OnProgress(new CurvatureProgress("slice points", evaluated, planned, first.Loss[j, i]));
            }
        }
        return new LossSlice
        {
            Directions = request.Directions,
            X = xs,
            Y = request.Axes == 2 ? ys : null,
            Primary = first,
            HeldOut = second,
            Trained = request.Directions == SliceDirections.Line ? (1, 0) : (0, 0),
            Initial = request.Directions == SliceDirections.Line ? (0, 0) : null,
            AtTrained = trained,
            AtInitial = initial,
            Eigenvalues = eigenvalues,
            EigenRank = request.EigenRank,
            EigenEnd = request.EigenEnd,
            DirectionNorms = directions.Select(d => TensorPrimitives.Norm<double>(d)).ToList(),
            Evaluated = evaluated,
            Reason = reason,
        };
    }

    /// <summary>The slice's origin and its direction vectors (and their eigenvalues, for eigen directions).</summary>
    private static (double[] Center, IReadOnlyList<double[]> Directions, IReadOnlyList<double> Eigenvalues, string? Reason) Directions(Model model, NetworkLoss loss,
        double[] theta, SliceRequest request, ICurvatureObserver? observer, CancellationToken cancel)
    {
        switch (request.Directions)
        {
            case SliceDirections.Line:
            {
                double[] start = request.Start!, step = new double[theta.Length];
                TensorPrimitives.Subtract(theta, start, step);
                return (start, [step], [], null);
            }
            case SliceDirections.Eigen:
            {
                int count = request.EigenRank + request.Axes - 1;
                bool largest = request.EigenEnd == SpectrumEnd.Largest;
                var found = Lanczos.Extremes(loss.Hessian(theta), largest ? count : 0, largest ? 0 : count, request.Lanczos with { Seed = request.Seed }, observer, cancel);
                var end = largest ? found.Top : found.Bottom;
                if (end.Count < count)
                    return (theta, [new double[theta.Length]], [], found.Completion == SpectrumCompletion.Cancelled
                        ? "cancelled before the eigenvectors were found"
                        : "a Hessian-vector product was not finite: the loss is not finite near these weights");
                var chosen = end.Skip(request.EigenRank - 1).ToList();
                return (theta, chosen.Select(e => e.Vector).ToList(), chosen.Select(e => e.Value).ToList(), null);
            }
            default:
            {
                var directions = new List<double[]>();
                for (int k = 0; k < request.Axes; k++)
                {
                    var d = new double[theta.Length];
                    Probes.Gaussian(d, request.Seed ^ 0x511CE, k);
                    FilterNormalization.Apply(model, theta, d);
                    directions.Add(d);
                }
                return (theta, directions, [], null);
            }
        }
    }

    private static SliceValues Values(NetworkLoss loss, int ny, int nx)
    {
        var values = new double[ny, nx];
        var accuracy = loss.Model.Loss.Classifies ? new double[ny, nx] : null;
        for (int j = 0; j < ny; j++)
            for (int i = 0; i < nx; i++)
            {
                values[j, i] = double.NaN;
                if (accuracy is not null) accuracy[j, i] = double.NaN;
            }
        return new SliceValues(loss.Data.Name, loss.Data.Count, values, accuracy);
    }

    private static void Record(NetworkEvaluation at, SliceValues values, int i, int j)
    {
        values.Loss[j, i] = at.Loss;
        if (values.Accuracy is not null) values.Accuracy[j, i] = at.Accuracy ?? double.NaN;
    }

    /// <summary>count points from −span to span, the middle one exactly 0 when count is odd.</summary>
    private static double[] Symmetric(double span, int count) =>
        Enumerable.Range(0, count).Select(k => span * (2 * k - (count - 1)) / (count - 1)).ToArray();
}
