using System.Security.Cryptography;
using System.Text;
using Downhill.IO;
using Downhill.Optimizers;
using Downhill.Running;

namespace Downhill.Learning.Training;

/// <summary>
/// A training run's state after an epoch, in one binary file (<see cref="FileName"/>) written atomically, so an
/// interrupted write leaves the previous checkpoint whole. It records what it was written for (model, optimizer,
/// data, batch size, seed, initializer, schedule) and refuses to resume anything else.
/// </summary>
/// <remarks>
/// <para>Layout (little-endian): the magic text, the format <see cref="Version"/>, the payload's length, the payload, and
/// the SHA-256 of the payload. A file whose length, version or checksum is wrong is refused before its payload is read.</para>
/// <para>The payload is read trusting nothing in it (<see cref="CheckpointReader"/>): every count, length and type tag is
/// checked against the model and the optimizer state's declaration (<see cref="ParameterState{T}.Scalars"/>,
/// <see cref="ParameterState{T}.Buffers"/>) before it is used, every weight and buffer must be finite, and nothing is
/// changed until all of it has been read and checked. Any damage is one <see cref="InputException"/>.</para>
/// </remarks>
internal static class Checkpoint
{
    public const string FileName = "checkpoint.dhck";
    private const string Magic = "downhill-checkpoint";
    private const int Version = 2;
    private const int ChecksumLength = SHA256.HashSizeInBytes;

    /// <summary>Bounds on what a payload may claim, far above any real run, so a damaged count cannot ask for much.</summary>
    private const int MaxScheduleState = 64, MaxHistory = 10_000_000, MaxNorms = 1_000_000, MaxDiagnostics = 1_000_000;

    public static string PathIn(string directory) => Path.Combine(directory, FileName);

    public static void Save(string directory, string fingerprint, TrainingState state)
    {
        try { Directory.CreateDirectory(directory); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot create checkpoint folder '{directory}': {e.Message}");
        }
        using var payload = new MemoryStream();
        WritePayload(new CheckpointWriter(payload), fingerprint, state);
        AtomicFile.WriteBytes(PathIn(directory), Seal(payload.GetBuffer().AsSpan(0, (int)payload.Length)));
    }

    public static void Load(string directory, string fingerprint, TrainingState state)
    {
        string path = PathIn(directory);
        if (!File.Exists(path)) throw new InputException($"no checkpoint to resume in '{directory}' (expected {FileName})");
        try
        {
            byte[] file = ReadFile(path);
            var reader = new CheckpointReader(Open(file));
            string written = reader.ReadString("the fingerprint");
            if (written != fingerprint)
                throw new InputException($"the checkpoint in '{directory}' is for {written}, not {fingerprint}");
            var contents = ReadPayload(ref reader, state);
            if (!reader.AtEnd) throw new InvalidDataException("bytes follow its last record");
            contents.ApplyTo(state);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot resume from '{path}': {e.Message}");
        }
    }

    /// <summary>The header, the payload and its checksum: the bytes of a checkpoint file.</summary>
    internal static byte[] Seal(ReadOnlySpan<byte> payload)
    {
        using var file = new MemoryStream();
        using (var w = new BinaryWriter(file, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
            w.Write((long)payload.Length);
            w.Write(payload);
            w.Write(SHA256.HashData(payload));
        }
        return file.ToArray();
    }

    /// <summary>The payload of a checkpoint file, once its header, length and checksum are found right.</summary>
    internal static ReadOnlySpan<byte> Open(byte[] file)
    {
        using var header = new BinaryReader(new MemoryStream(file, writable: false), Encoding.UTF8);
        string magic;
        try { magic = header.ReadString(); }
        catch (Exception e) when (e is EndOfStreamException or FormatException or IOException) { magic = ""; }
        if (magic != Magic) throw new InvalidDataException("it is not a Downhill checkpoint");
        int version = header.ReadInt32();
        if (version != Version)
            throw new InvalidDataException($"it is a checkpoint of format {version}; this Downhill reads format {Version} (start the run afresh)");
        long length = header.ReadInt64();
        long start = header.BaseStream.Position;
        if (length != file.Length - start - ChecksumLength)
            throw new InvalidDataException($"it is cut short or extended: its header claims {length} bytes of payload, the file holds {Math.Max(0, file.Length - start - ChecksumLength)}");
        var payload = file.AsSpan((int)start, (int)length);
        if (!SHA256.HashData(payload).AsSpan().SequenceEqual(file.AsSpan((int)(start + length), ChecksumLength)))
            throw new InvalidDataException("it is damaged: its checksum does not match its contents");
        return payload;
    }

    private static byte[] ReadFile(string path)
    {
        // A device or a pipe reports a length of 0, so a length is what tells a regular file.
        var info = new FileInfo(path);
        if (info.Length == 0) throw new InvalidDataException("it is empty or not a regular file");
        if (info.Length > Array.MaxLength) throw new InvalidDataException($"it is {info.Length} bytes, more than a checkpoint can hold");
        return File.ReadAllBytes(path);
    }

    private static void WritePayload(CheckpointWriter w, string fingerprint, TrainingState state)
    {
        w.Write(fingerprint);
        w.Write(state.CompletedEpochs);
        var random = state.Random.State;
        w.Write(random.S0); w.Write(random.S1); w.Write(random.S2); w.Write(random.S3);
        w.Write(random.SpareNormal.HasValue);
        w.Write(random.SpareNormal ?? 0);
        w.Write(state.Parameters.Count);
        foreach (var p in state.Parameters)
        {
            w.Write(p.Name);
            w.Write(p.Value.Span);
        }
        foreach (var optimizerState in state.OptimizerStates)
        {
            var snapshot = optimizerState.Save();
            w.Write(snapshot.Scalars.Count);
            for (int i = 0; i < snapshot.Scalars.Count; i++)
            {
                w.Write(snapshot.Scalars[i].Key);
                w.Write(ScalarTag(optimizerState.Scalars[i].Kind));
                w.Write(snapshot.Scalars[i].Value);
            }
            w.Write(snapshot.Buffers.Count);
            foreach (var (name, values) in snapshot.Buffers)
            {
                w.Write(name);
                w.Write(values);
            }
        }
        double[] schedule = state.Schedule.SaveState();
        w.Write(schedule.Length);
        foreach (double v in schedule) w.Write(v);
        w.Write(state.BestLoss);
        w.Write(state.EpochsWithoutImprovement);
        w.Write(state.History.Count);
        foreach (var r in state.History) WriteRecord(w, r);
        w.Write(state.Diagnostics.Count);
        foreach (var d in state.Diagnostics) { w.Write(d.Kind); w.Write(d.Iteration); w.Write(d.Evidence); }
        w.Flush();
    }

    /// <summary>Everything a checkpoint holds, read and checked but not yet applied.</summary>
    private sealed record Contents(int CompletedEpochs, RandomState Random, float[][] Weights,
        OptimizerStateSnapshot<float>[] OptimizerStates, double[] Schedule, double BestLoss, int EpochsWithoutImprovement,
        EpochRecord[] History, Diagnostic[] Diagnostics)
    {
        public void ApplyTo(TrainingState state)
        {
            state.Schedule.LoadState(Schedule);
            state.CompletedEpochs = CompletedEpochs;
            state.Random.State = Random;
            for (int p = 0; p < Weights.Length; p++) Weights[p].CopyTo(state.Parameters[p].Value.Span);
            for (int p = 0; p < OptimizerStates.Length; p++) state.OptimizerStates[p].Restore(OptimizerStates[p]);
            state.BestLoss = BestLoss;
            state.EpochsWithoutImprovement = EpochsWithoutImprovement;
            state.History.Clear();
            state.History.AddRange(History);
            state.Diagnostics.Clear();
            state.Diagnostics.AddRange(Diagnostics);
        }
    }

    private static Contents ReadPayload(ref CheckpointReader r, TrainingState state)
    {
        int completed = r.ReadCount("the number of completed epochs", MaxHistory);
        ulong s0 = r.ReadUInt64(), s1 = r.ReadUInt64(), s2 = r.ReadUInt64(), s3 = r.ReadUInt64();
        if ((s0 | s1 | s2 | s3) == 0) throw new InvalidDataException("its random generator state is all zero");
        bool hasSpare = r.ReadBoolean("the random generator's spare flag");
        double spare = r.ReadDouble();
        if (!double.IsFinite(spare)) throw new InvalidDataException($"the random generator's spare normal is {spare}");
        var random = new RandomState(s0, s1, s2, s3, hasSpare ? spare : null);

        r.ReadCount("the number of parameter blocks", state.Parameters.Count, "the model has");
        var weights = new float[state.Parameters.Count][];
        for (int p = 0; p < weights.Length; p++)
        {
            var parameter = state.Parameters[p];
            string name = r.ReadString("a parameter's name");
            if (name != parameter.Name) throw new InvalidDataException($"parameter block {p + 1} is '{name}', but the model's is '{parameter.Name}'");
            weights[p] = new float[parameter.Length];
            r.ReadFloats($"the weights {parameter.Name}", weights[p]);
        }
        var snapshots = new OptimizerStateSnapshot<float>[state.OptimizerStates.Length];
        for (int p = 0; p < snapshots.Length; p++)
        {
            snapshots[p] = ReadOptimizerState(ref r, state.OptimizerStates[p], state.Parameters[p].Name);
            try { state.OptimizerStates[p].Check(snapshots[p]); }
            catch (InputException e) { throw new InvalidDataException($"{e.Message} (block {state.Parameters[p].Name})"); }
        }

        var schedule = new double[r.ReadCount("the schedule's state length", MaxScheduleState)];
        for (int i = 0; i < schedule.Length; i++) schedule[i] = r.ReadDouble();
        if (schedule.Any(double.IsNaN)) throw new InvalidDataException("the schedule's state holds NaN");
        double bestLoss = r.ReadDouble();
        if (double.IsNaN(bestLoss)) throw new InvalidDataException("the best loss is NaN");
        int withoutImprovement = r.ReadCount("the epochs without improvement", completed);
        var history = new EpochRecord[r.ReadCount("the number of epochs in the history", completed)];
        for (int i = 0; i < history.Length; i++) history[i] = ReadRecord(ref r);
        var diagnostics = new Diagnostic[r.ReadCount("the number of diagnostics", MaxDiagnostics)];
        for (int i = 0; i < diagnostics.Length; i++)
            diagnostics[i] = new Diagnostic(r.ReadString("a diagnostic's kind"), r.ReadInt64(), r.ReadString("a diagnostic's evidence", 1 << 20));
        state.Schedule.CheckState(schedule);
        return new Contents(completed, random, weights, snapshots, schedule, bestLoss, withoutImprovement, history, diagnostics);
    }

    /// <summary>
    /// One block's optimizer state, read against the state's declaration: the same scalars (name and kind) and buffers
    /// (name, float32, one number per parameter), in declared order, each checked before its numbers are read.
    /// </summary>
    private static OptimizerStateSnapshot<float> ReadOptimizerState(ref CheckpointReader r, ParameterState<float> declared, string block)
    {
        var scalars = declared.Scalars;
        r.ReadCount($"the number of optimizer scalars of {block}", scalars.Count, "the optimizer declares");
        var scalarValues = new KeyValuePair<string, double>[scalars.Count];
        for (int i = 0; i < scalars.Count; i++)
        {
            string name = r.ReadString("an optimizer scalar's name");
            if (name != scalars[i].Name) throw new InvalidDataException($"optimizer scalar {i + 1} of {block} is '{name}', but the optimizer declares '{scalars[i].Name}'");
            byte tag = r.ReadByte();
            if (tag != ScalarTag(scalars[i].Kind))
                throw new InvalidDataException($"the optimizer scalar {name} of {block} has type tag {tag}, not {ScalarTag(scalars[i].Kind)} ({scalars[i].Kind})");
            scalarValues[i] = new(name, r.ReadDouble());
        }
        var buffers = declared.Buffers;
        r.ReadCount($"the number of optimizer buffers of {block}", buffers.Count, "the optimizer declares");
        var bufferValues = new KeyValuePair<string, float[]>[buffers.Count];
        for (int i = 0; i < buffers.Count; i++)
        {
            string name = r.ReadString("an optimizer buffer's name");
            if (name != buffers[i].Name) throw new InvalidDataException($"optimizer buffer {i + 1} of {block} is '{name}', but the optimizer declares '{buffers[i].Name}'");
            var values = new float[buffers[i].Values.Length];
            r.ReadFloats($"the optimizer buffer {name} of {block}", values);
            bufferValues[i] = new(name, values);
        }
        return new OptimizerStateSnapshot<float>(scalarValues, bufferValues);
    }

    private static byte ScalarTag(StateScalarKind kind) => kind switch
    {
        StateScalarKind.Count => 1,
        StateScalarKind.Single => 2,
        _ => 3,
    };

    private static void WriteRecord(CheckpointWriter w, EpochRecord r)
    {
        w.Write(r.Epoch);
        w.Write(r.TrainLoss);
        WriteOptional(w, r.TrainAccuracy);
        WriteOptional(w, r.ValLoss);
        WriteOptional(w, r.ValAccuracy);
        w.Write(r.LearningRate);
        w.Write(r.Seconds);
        w.Write(r.LayerGradientNorms.Count);
        foreach (double v in r.LayerGradientNorms) w.Write(v);
    }

    private static EpochRecord ReadRecord(ref CheckpointReader r)
    {
        int epoch = r.ReadInt32();
        double trainLoss = r.ReadDouble();
        double? trainAccuracy = ReadOptional(ref r), valLoss = ReadOptional(ref r), valAccuracy = ReadOptional(ref r);
        double rate = r.ReadDouble(), seconds = r.ReadDouble();
        var norms = new double[r.ReadCount("the number of layer gradient norms", MaxNorms)];
        for (int i = 0; i < norms.Length; i++) norms[i] = r.ReadDouble();
        return new EpochRecord(epoch, trainLoss, trainAccuracy, valLoss, valAccuracy, rate, seconds, norms);
    }

    private static void WriteOptional(CheckpointWriter w, double? v)
    {
        w.Write(v.HasValue);
        if (v.HasValue) w.Write(v.Value);
    }

    private static double? ReadOptional(ref CheckpointReader r) => r.ReadBoolean("an optional value's flag") ? r.ReadDouble() : null;
}
