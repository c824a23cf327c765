using System.Diagnostics;
using Downhill.Learning.Data;
using Downhill.Learning.Models;
using Downhill.Learning.Tensors;
using Downhill.Numerics;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Stopping;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Downhill.Learning.Training;

/// <summary>
/// Trains a <see cref="Model"/> with a first-order optimizer, unchanged: one optimizer state per parameter tensor
/// (the parameter groups), the learning rate of the schedule passed to each step. Each epoch draws a fresh
/// permutation of the training rows from the seeded generator, walks it in minibatches, then evaluates on the
/// validation split; stopping rules, checkpoints and the gradient-health check run between epochs.
/// </summary>
/// <remarks>
/// A training step (gather, forward, backward, update) allocates nothing once the graphs for the batch sizes in use
/// exist. Matrix products are split over <see cref="TrainingOptions.Threads"/> threads by rows of their output,
/// so results are the same bits whatever the thread count.
/// </remarks>
public sealed class Trainer : IDisposable
{
    private readonly Model _model;
    private readonly FirstOrderOptimizer _optimizer;
    private readonly TrainingOptions _options;
    private readonly WorkerPool _pool;
    private readonly Dictionary<int, ModelGraph> _graphs = [];
    private readonly double[] _layerNormSums;
    private readonly Memory<float>[] _gradients;
    private long _steps, _clippedSteps;

    /// <summary>A trainer of <paramref name="model"/> with <paramref name="optimizer"/>, on its own threads (<see cref="TrainingOptions.Threads"/>); dispose it when done.</summary>
    public Trainer(Model model, FirstOrderOptimizer optimizer, TrainingOptions options)
    {
        options.Validate();
        (_model, _optimizer, _options) = (model, optimizer, options);
        _pool = options.Threads == 1 ? WorkerPool.Single : new WorkerPool(options.Threads);
        _layerNormSums = new double[model.Layers.Count];
        _gradients = model.Parameters.Select(p => p.Gradient.Memory).ToArray();
    }

    /// <summary>Trains on <paramref name="data"/>'s training split and reports the test split's loss and accuracy.</summary>
    public TrainingResult Fit(DataSplits data, ITrainingObserver? observer = null, CancellationToken cancel = default)
    {
        CheckFits(data.Train);
        var initializer = _options.Initializer ?? _model.DefaultInitializer;
        var random = InitializeWeights();
        var state = new TrainingState(_model.Parameters,
            _model.Parameters.Select(p => _optimizer.CreateState<float>(p.Length)).ToArray(),
            random, LearningRateSchedule.Parse(_options.Schedule));
        string fingerprint = string.Join(" | ", $"model {_model.Spec}", $"optimizer {_optimizer}",
            $"data {data.Train.Name} ({data.Train.Count} training rows{(data.IsStandardized ? ", standardized" : "")})", $"batch {_options.BatchSize}",
            $"seed {_options.Seed}", $"init {(_options.StartingWeights is null ? initializer : "from saved weights")}", $"schedule {state.Schedule}")
            + (_options.Clipping is { } clipping ? $" | clipping {clipping.Describe()}" : "");
        if (_options.Resume) Checkpoint.Load(_options.CheckpointDirectory!, fingerprint, state);
        int resumedAfter = state.CompletedEpochs;
        (_steps, _clippedSteps) = (0, 0);

        var rules = _options.Stopping;
        var clock = Stopwatch.StartNew();
        int[] order = new int[data.Train.Count];
        var step = new ParameterStep(state.Parameters);
        var terms = new LoopTerms("epoch", data.Validation is null ? "training loss" : "validation loss");
        var progress = Progress(state, step: double.NaN, elapsedSeconds: 0, cancel);
        var stoppedBy = rules.FirstMet(progress);
        string? detailSuffix = null;
        while (stoppedBy is null)
        {
            int epoch = state.CompletedEpochs + 1;
            var epochClock = Stopwatch.StartNew();
            double rate = state.Schedule.Rate(epoch - 1, _optimizer.LearningRate);
            for (int i = 0; i < order.Length; i++) order[i] = i;
            state.Random.Shuffle(order);
            var (trainLoss, trainAccuracy, divergedAt) = TrainEpoch(epoch, data.Train, order, state, rate, observer, cancel);
            if (divergedAt is { } batch)
            {
                // The epoch cannot go on: the divergence rule reads the training loss of the batch that blew up.
                progress = new RunProgress(epoch, trainLoss, progress.F, double.NaN, double.NaN, double.NaN,
                    state.EpochsWithoutImprovement, clock.Elapsed.TotalSeconds, cancel.IsCancellationRequested, NonFinite.F);
                terms = terms with { Value = "training loss" };
                detailSuffix = $", batch {batch}";
                // Training cannot go on past a non-finite loss (every later batch would be NaN), rule or no rule.
                stoppedBy = rules.FirstMet(progress) ?? new Divergence();
                break;
            }
            if (cancel.IsCancellationRequested)
            {
                // An interrupted epoch measures nothing: the rules see the last whole epoch, cancelled.
                progress = progress with { CancellationRequested = true };
                stoppedBy = rules.FirstMet(progress) ?? new Cancellation();
                break;
            }
            Evaluation? validation = data.Validation is null ? null : Evaluate(data.Validation);
            var norms = _layerNormSums.Select(s => s / Batches(data.Train.Count)).ToArray();
            var record = new EpochRecord(epoch, trainLoss, trainAccuracy, validation?.Loss, validation?.Accuracy, rate,
                epochClock.Elapsed.TotalSeconds, norms);
            state.History.Add(record);
            if (GradientHealth.Check(epoch, norms) is { } diagnostic && !state.Diagnostics.Any(d => d.Kind == diagnostic.Kind))
                state.Diagnostics.Add(diagnostic);
            double monitored = record.Monitored;
            state.Schedule.EndEpoch(epoch - 1, _optimizer.LearningRate, monitored);
            if (monitored < state.BestLoss - rules.ProgressDelta) { state.BestLoss = monitored; state.EpochsWithoutImprovement = 0; }
            else state.EpochsWithoutImprovement++;
            state.CompletedEpochs = epoch;
            if (_options.CheckpointDirectory is { } directory) Checkpoint.Save(directory, fingerprint, state);
            observer?.OnIteration(record);
            // Read after the observer, which may be what cancels.
            progress = Progress(state, step.Measure(), clock.Elapsed.TotalSeconds, cancel);
            stoppedBy = rules.FirstMet(progress);
        }
        return new TrainingResult
        {
            Model = _model.Spec,
            Optimizer = _optimizer.ToString(),
            Epochs = state.History.ToList(),
            Test = Evaluate(data.Test),
            Stop = stoppedBy.Reason,
            StopDetail = stoppedBy.Describe(progress, terms) + detailSuffix,
            Checks = rules.Check(progress),
            Diagnostics = state.Diagnostics.ToList(),
            ResumedAfter = resumedAfter,
            Steps = _steps,
            ClippedSteps = _options.Clipping is null ? null : _clippedSteps,
        };
    }

    /// <summary>
    /// Sets the model's weights to those training starts from (the initializer's draws from the seed, or
    /// <see cref="TrainingOptions.StartingWeights"/>), as <see cref="Fit"/> does first: a caller can save them.
    /// </summary>
    public void Initialize() => InitializeWeights();

    /// <summary>The initial weights, and the seeded stream after their draws (which then orders the batches).</summary>
    private SeededRandom InitializeWeights()
    {
        var random = new SeededRandom(_options.Seed);
        _model.Initialize(_options.Initializer ?? _model.DefaultInitializer, random);
        if (_options.StartingWeights is { } start) StartFrom(start);
        return random;
    }

    private void StartFrom(IReadOnlyList<float[]> weights)
    {
        var parameters = _model.Parameters;
        if (weights.Count != parameters.Count || weights.Where((w, p) => w.Length != parameters[p].Length).Any())
            throw new ArgumentException($"the starting weights do not fit {_model.Spec}: {weights.Count} tensors for {parameters.Count} parameters, or of other sizes");
        for (int p = 0; p < parameters.Count; p++) weights[p].CopyTo(parameters[p].Value.Span);
    }

    /// <summary>
    /// What the stopping rules see after the last whole epoch: its monitored loss (validation, else training) and the
    /// one before, the parameters' change over the epoch, the epochs without progress, the time since this run began.
    /// The gradient over all the data is never formed, so its norms are NaN (the options refuse grad-tol).
    /// </summary>
    private static RunProgress Progress(TrainingState state, double step, double elapsedSeconds, CancellationToken cancel)
    {
        var history = state.History;
        double f = history.Count > 0 ? history[^1].Monitored : double.NaN;
        double previous = history.Count > 1 ? history[^2].Monitored : double.NaN;
        bool finite = history.Count == 0 || double.IsFinite(f);
        return new RunProgress(state.CompletedEpochs, f, previous, double.NaN, double.NaN, step, state.EpochsWithoutImprovement,
            elapsedSeconds, cancel.IsCancellationRequested, finite ? NonFinite.None : NonFinite.F);
    }

    private (double Loss, double? Accuracy, int? DivergedAt) TrainEpoch(int epoch, Dataset train, int[] order,
        TrainingState state, double rate, ITrainingObserver? observer, CancellationToken cancel)
    {
        Array.Clear(_layerNormSums);
        int batchSize = _options.BatchSize, batches = Batches(train.Count);
        double lossSum = 0;
        long correct = 0, seen = 0;
        var clock = Stopwatch.StartNew();
        for (int b = 0; b < batches && !cancel.IsCancellationRequested; b++)
        {
            int start = b * batchSize, rows = Math.Min(batchSize, train.Count - start);
            var g = GraphFor(rows);
            train.CopyRows(order.AsSpan(start, rows), g.Input.Value.Span, g.Target.Value.Span);
            g.Graph.Forward();
            double loss = g.Loss.Precise;
            if (!double.IsFinite(loss)) return (loss, null, b + 1);
            lossSum += _model.Loss.SumsOverRows ? loss : loss * rows;
            correct += CountCorrect(g);
            seen += rows;
            g.Graph.Backward(g.Loss);
            for (int l = 0; l < _model.Layers.Count; l++)
            {
                var layer = _model.Layers[l];
                float w = TensorPrimitives.Norm(layer.Weight.Gradient.Span), bias = TensorPrimitives.Norm(layer.Bias.Gradient.Span);
                _layerNormSums[l] += Math.Sqrt((double)w * w + (double)bias * bias);
            }
            // As a torch loop: clip_grad_norm_(model.parameters(), …) between backward() and step(); the layer
            // norms above are the unclipped gradients', as torch's returned total norm is.
            if (_options.Clipping is { } clipping && clipping.Apply<float>(_gradients)) _clippedSteps++;
            _steps++;
            for (int p = 0; p < state.Parameters.Count; p++)
                state.OptimizerStates[p].SplitStep(state.Parameters[p].Value.Span, state.Parameters[p].Gradient.Span, rate, _pool);
            observer?.OnBatch(epoch, b + 1, batches, Mean(lossSum, seen), Accuracy(correct, seen), seen / Math.Max(clock.Elapsed.TotalSeconds, 1e-9));
        }
        return (Mean(lossSum, seen), Accuracy(correct, seen), null);
    }

    /// <summary>The model's loss and accuracy on <paramref name="data"/>, in batches of the training batch size.</summary>
    public Evaluation Evaluate(Dataset data)
    {
        CheckFits(data);
        double lossSum = 0;
        long correct = 0;
        for (int start = 0; start < data.Count; start += _options.BatchSize)
        {
            int rows = Math.Min(_options.BatchSize, data.Count - start);
            var g = GraphFor(rows);
            int[] indices = EvaluationIndices(start, rows);
            data.CopyRows(indices, g.Input.Value.Span, g.Target.Value.Span);
            g.Graph.Forward();
            lossSum += _model.Loss.SumsOverRows ? g.Loss.Precise : g.Loss.Precise * rows;
            correct += CountCorrect(g);
        }
        return new Evaluation(Mean(lossSum, data.Count), Accuracy(correct, data.Count));
    }

    private int[] _evaluationIndices = [];

    private int[] EvaluationIndices(int start, int rows)
    {
        if (_evaluationIndices.Length != rows) _evaluationIndices = new int[rows];
        for (int i = 0; i < rows; i++) _evaluationIndices[i] = start + i;
        return _evaluationIndices;
    }

    private double Mean(double sum, long count) => _model.Loss.SumsOverRows ? sum : sum / Math.Max(count, 1);

    private double? Accuracy(long correct, long seen) => _model.Loss.Classifies ? (double)correct / Math.Max(seen, 1) : null;

    /// <summary>Rows whose predicted class (largest logit; for one logit, positive means class 1) is the label.</summary>
    private long CountCorrect(ModelGraph g)
    {
        var output = g.Output.Value;
        var target = g.Target.Value.Span;
        long correct = 0;
        if (_model.Loss.TakesClassIndices)
        {
            for (int i = 0; i < output.Rows; i++)
                if (TensorPrimitives.IndexOfMax(output.Row(i)) == (int)target[i]) correct++;
        }
        else if (_model.Loss.TakesBinaryLabels)
        {
            for (int i = 0; i < output.Rows; i++)
                if ((output.Span[i] > 0 ? 1f : 0f) == target[i]) correct++;
        }
        return correct;
    }

    private ModelGraph GraphFor(int rows)
    {
        if (!_graphs.TryGetValue(rows, out var graph))
            _graphs[rows] = graph = _model.BuildGraph(rows, _pool);
        return graph;
    }

    private int Batches(int count) => (count + _options.BatchSize - 1) / _options.BatchSize;

    private void CheckFits(Dataset data)
    {
        if (data.FeatureCount != _model.Inputs)
            throw new InputException($"{data.Name} has {data.FeatureCount} features, the model takes {_model.Inputs}");
        if (data.IsClassification != _model.Loss.Classifies)
            throw new InputException($"model {_model.Spec} does not fit {data}");
    }

    /// <summary>Stops the trainer's threads.</summary>
    public void Dispose()
    {
        if (!ReferenceEquals(_pool, WorkerPool.Single)) _pool.Dispose();
    }
}
