using Downhill.Learning.Autodiff;
using Downhill.Learning.Tensors;
using Downhill.Optimizers;
using Downhill.Running;

namespace Downhill.Learning.Training;

/// <summary>
/// Everything a run carries from one epoch to the next — the whole of what a checkpoint must hold for a resumed run
/// to continue bit for bit: parameters, optimizer buffers, the random generator (it orders the next epoch's data),
/// the schedule, the stopping rules' memory and the history so far.
/// </summary>
internal sealed class TrainingState(IReadOnlyList<Parameter> parameters, ParameterState<float>[] optimizerStates,
    SeededRandom random, LearningRateSchedule schedule)
{
    public IReadOnlyList<Parameter> Parameters { get; } = parameters;
    public ParameterState<float>[] OptimizerStates { get; } = optimizerStates;
    public SeededRandom Random { get; } = random;
    public LearningRateSchedule Schedule { get; } = schedule;
    public int CompletedEpochs { get; set; }
    public double BestLoss { get; set; } = double.PositiveInfinity;
    public int EpochsWithoutImprovement { get; set; }
    public List<EpochRecord> History { get; } = [];
    public List<Diagnostic> Diagnostics { get; } = [];
}
