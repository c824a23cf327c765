using Downhill.Learning.Models;

namespace Downhill.Curvature.Slices;

/// <summary>
/// Filter normalization (Li, Xu, Taylor, Studer and Goldstein, "Visualizing the Loss Landscape of Neural Nets", 2018):
/// a random direction d is rescaled filter by filter so each filter of d has the norm of the same filter of the weights
/// θ, ‖d_f‖ ← ‖θ_f‖, which makes slices of networks with different weight scales comparable (a ReLU network's loss does
/// not change when one layer is scaled up and the next down, and an unnormalized direction hides that). In a dense
/// layer a filter is one output unit: the weights into it, a column of the [inputs, outputs] weight. Biases get 0, as
/// the reference code's <c>ignore='biasbn'</c> setting has it (the setting its examples use): a bias has no filter,
/// and moving it by its own norm swamps the slice.
/// </summary>
public static class FilterNormalization
{
    /// <summary>
    /// Rescales <paramref name="direction"/> in place to the filter norms of <paramref name="weights"/> (both laid out
    /// as <see cref="Networks.NetworkLoss.Parameters"/>: layer by layer, the weight row-major, then the bias); a
    /// filter of the direction that is all zeros stays zero.
    /// </summary>
    public static void Apply(Model model, ReadOnlySpan<double> weights, Span<double> direction)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (weights.Length != model.ParameterCount) throw new ArgumentException($"weights has {weights.Length} entries; the model has {model.ParameterCount} parameters", nameof(weights));
        if (direction.Length != model.ParameterCount) throw new ArgumentException($"direction has {direction.Length} entries; the model has {model.ParameterCount} parameters", nameof(direction));
        int offset = 0;
        foreach (var layer in model.Layers)
        {
            int inputs = layer.Inputs, outputs = layer.Outputs;
            var w = weights.Slice(offset, inputs * outputs);
            var d = direction.Slice(offset, inputs * outputs);
            for (int unit = 0; unit < outputs; unit++)
            {
                double weightNorm = 0, directionNorm = 0;
                for (int i = 0; i < inputs; i++)
                {
                    weightNorm += w[i * outputs + unit] * w[i * outputs + unit];
                    directionNorm += d[i * outputs + unit] * d[i * outputs + unit];
                }
                double scale = directionNorm > 0 ? Math.Sqrt(weightNorm / directionNorm) : 0;
                for (int i = 0; i < inputs; i++) d[i * outputs + unit] *= scale;
            }
            offset += inputs * outputs;
            direction.Slice(offset, outputs).Clear();
            offset += outputs;
        }
    }
}
