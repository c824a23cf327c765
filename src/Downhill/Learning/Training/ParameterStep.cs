using Downhill.Learning.Autodiff;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Downhill.Learning.Training;

/// <summary>
/// How far the parameters moved over an epoch, ‖θₑ − θₑ₋₁‖₂ over every tensor together: the step length the x-tol
/// rule reads. Keeps one copy of the parameters, made once.
/// </summary>
internal sealed class ParameterStep
{
    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly float[][] _previous;

    /// <summary>Remembers the parameters as they are now (after initialization or a resume).</summary>
    public ParameterStep(IReadOnlyList<Parameter> parameters)
    {
        _parameters = parameters;
        _previous = parameters.Select(p => p.Value.Span.ToArray()).ToArray();
    }

    /// <summary>The distance from the remembered parameters to the current ones; then remembers the current ones.</summary>
    public double Measure()
    {
        double sumOfSquares = 0;
        for (int i = 0; i < _parameters.Count; i++)
        {
            ReadOnlySpan<float> now = _parameters[i].Value.Span;
            double distance = TensorPrimitives.Distance(now, _previous[i]);
            sumOfSquares += distance * distance;
            now.CopyTo(_previous[i]);
        }
        return Math.Sqrt(sumOfSquares);
    }
}
