using Downhill.Curvature.Spectra;
using Downhill.Learning.Data;
using Downhill.Learning.Models;
using Downhill.Learning.Training;

namespace Downhill.Curvature.Networks;

/// <summary>
/// Tracks the curvature of a model's training loss while it trains: every <see cref="Every"/> epochs, at the weights the
/// epoch ended with, the largest and the most negative eigenvalue of the Hessian over the training rows (Lanczos, both
/// ends at once). Under plain gradient descent λmax climbs towards 2/lr and hovers there, the "edge of stability"
/// (Cohen et al. 2021), and the negative curvature shrinks as training leaves the saddles. The observer it gives the
/// trainer (<see cref="Around"/>) measures first and then passes the epoch on, so an observer that prints the epoch
/// can show the measurement (<see cref="At"/>).
/// </summary>
/// <example>
/// <code>
/// using var curvature = new TrainingCurvature(model, splits.Train, every: 5);
/// var result = trainer.Fit(splits, curvature.Around(null));
/// foreach (var c in curvature.Measurements) Console.WriteLine($"{c.Epoch}: λmax {c.Largest}, 2/lr {c.StabilityLimit}");
/// </code>
/// </example>
public sealed class TrainingCurvature : IDisposable
{
    private readonly NetworkLoss _loss;
    private readonly LanczosOptions _lanczos;
    private readonly List<EpochCurvature> _measurements = [];

    /// <summary>Measures <paramref name="model"/>'s loss on <paramref name="rows"/> every <paramref name="every"/> epochs.</summary>
    public TrainingCurvature(Model model, Dataset rows, int every, NetworkLossOptions? options = null, LanczosOptions? lanczos = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rows);
        if (every < 1) throw new InputException($"{new ParameterName("curvature-every")} must be at least 1 epoch, not {every}");
        (Every, _lanczos) = (every, lanczos ?? new LanczosOptions());
        _lanczos.Validate();
        _loss = new NetworkLoss(model, rows, options);
    }

    /// <summary>Epochs between measurements (the first at epoch <see cref="Every"/>).</summary>
    public int Every { get; }

    /// <summary>Every measurement so far, in epoch order.</summary>
    public IReadOnlyList<EpochCurvature> Measurements => _measurements;

    /// <summary>The measurement taken at the end of <paramref name="epoch"/>, or null.</summary>
    public EpochCurvature? At(int epoch) => _measurements.LastOrDefault(m => m.Epoch == epoch);

    /// <summary>The observer to train with: it measures at the end of every <see cref="Every"/>th epoch, then calls <paramref name="inner"/>.</summary>
    public ITrainingObserver Around(ITrainingObserver? inner) => new Observer(this, inner);

    private sealed class Observer(TrainingCurvature tracker, ITrainingObserver? inner) : ITrainingObserver
    {
        public void OnBatch(int epoch, int batch, int batches, double loss, double? accuracy, double samplesPerSecond) =>
            inner?.OnBatch(epoch, batch, batches, loss, accuracy, samplesPerSecond);

        public void OnIteration(EpochRecord epoch)
        {
            ArgumentNullException.ThrowIfNull(epoch);
            if (epoch.Epoch % tracker.Every == 0) tracker._measurements.Add(tracker.Measure(epoch));
            inner?.OnIteration(epoch);
        }
    }

    private EpochCurvature Measure(EpochRecord epoch)
    {
        var extremes = Lanczos.Extremes(_loss.Hessian(_loss.Parameters()), 1, 1, _lanczos);
        double largest = extremes.Top.Count > 0 ? extremes.Top[0].Value : double.NaN;
        double smallest = extremes.Bottom.Count > 0 ? extremes.Bottom[0].Value : double.NaN;
        return new EpochCurvature(epoch.Epoch, largest, smallest, epoch.LearningRate, extremes.Products);
    }

    /// <summary>Releases the loss's threads.</summary>
    public void Dispose() => _loss.Dispose();
}

/// <summary>
/// The Hessian's extremes at the end of one epoch: the largest eigenvalue, the smallest (most negative) one, the
/// learning rate the epoch ran with (so 2/lr can be drawn beside λmax), and the products it took.
/// </summary>
public sealed record EpochCurvature(int Epoch, double Largest, double Smallest, double LearningRate, int Products)
{
    /// <summary>2/lr: the largest λmax plain gradient descent is stable under at this learning rate.</summary>
    public double StabilityLimit => 2 / LearningRate;
}
