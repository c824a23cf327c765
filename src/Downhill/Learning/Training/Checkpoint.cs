using System.Text;
using Downhill.IO;
using Downhill.Running;

namespace Downhill.Learning.Training;

/// <summary>
/// A training run's state after an epoch, in one binary file (<see cref="FileName"/>) written atomically, so an
/// interrupted write leaves the previous checkpoint whole. It records what it was written for (model, optimizer,
/// data, batch size, seed, initializer, schedule) and refuses to resume anything else.
/// </summary>
internal static class Checkpoint
{
    public const string FileName = "checkpoint.dhck";
    private const string Magic = "downhill-checkpoint";
    private const int Version = 1;

    public static string PathIn(string directory) => Path.Combine(directory, FileName);

    public static void Save(string directory, string fingerprint, TrainingState state)
    {
        try { Directory.CreateDirectory(directory); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot create checkpoint folder '{directory}': {e.Message}");
        }
        using var memory = new MemoryStream();
        using (var w = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
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
                w.Write(p.Length);
                foreach (float v in p.Value.Span) w.Write(v);
            }
            foreach (var s in state.OptimizerStates) OptimizerStateSnapshot.Write(w, s);
            double[] schedule = state.Schedule.SaveState();
            w.Write(schedule.Length);
            foreach (double v in schedule) w.Write(v);
            w.Write(state.BestLoss);
            w.Write(state.EpochsWithoutImprovement);
            w.Write(state.History.Count);
            foreach (var r in state.History) WriteRecord(w, r);
            w.Write(state.Diagnostics.Count);
            foreach (var d in state.Diagnostics) { w.Write(d.Kind); w.Write(d.Iteration); w.Write(d.Evidence); }
        }
        AtomicFile.WriteBytes(PathIn(directory), memory.GetBuffer().AsSpan(0, (int)memory.Length));
    }

    public static void Load(string directory, string fingerprint, TrainingState state)
    {
        string path = PathIn(directory);
        if (!File.Exists(path)) throw new InputException($"no checkpoint to resume in '{directory}' (expected {FileName})");
        try
        {
            using var r = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
            if (r.ReadString() != Magic || r.ReadInt32() != Version)
                throw new InputException($"'{path}' is not a Downhill checkpoint of version {Version}");
            string written = r.ReadString();
            if (written != fingerprint)
                throw new InputException($"the checkpoint in '{directory}' is for {written}, not {fingerprint}");
            state.CompletedEpochs = r.ReadInt32();
            ulong s0 = r.ReadUInt64(), s1 = r.ReadUInt64(), s2 = r.ReadUInt64(), s3 = r.ReadUInt64();
            bool hasSpare = r.ReadBoolean();
            double spare = r.ReadDouble();
            state.Random.State = new RandomState(s0, s1, s2, s3, hasSpare ? spare : null);
            if (r.ReadInt32() != state.Parameters.Count) throw new InvalidDataException("parameter count differs");
            foreach (var p in state.Parameters)
            {
                if (r.ReadString() != p.Name || r.ReadInt32() != p.Length) throw new InvalidDataException($"parameter {p.Name} differs");
                Span<float> values = p.Value.Span;
                for (int i = 0; i < values.Length; i++) values[i] = r.ReadSingle();
            }
            foreach (var s in state.OptimizerStates) OptimizerStateSnapshot.Read(r, s);
            var schedule = new double[r.ReadInt32()];
            for (int i = 0; i < schedule.Length; i++) schedule[i] = r.ReadDouble();
            state.Schedule.LoadState(schedule);
            state.BestLoss = r.ReadDouble();
            state.EpochsWithoutImprovement = r.ReadInt32();
            state.History.Clear();
            for (int n = r.ReadInt32(); n > 0; n--) state.History.Add(ReadRecord(r));
            state.Diagnostics.Clear();
            for (int n = r.ReadInt32(); n > 0; n--) state.Diagnostics.Add(new Diagnostic(r.ReadString(), r.ReadInt64(), r.ReadString()));
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or IOException)
        {
            throw new InputException($"cannot resume from '{path}': {e.Message}");
        }
    }

    private static void WriteRecord(BinaryWriter w, EpochRecord r)
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

    private static EpochRecord ReadRecord(BinaryReader r)
    {
        int epoch = r.ReadInt32();
        double trainLoss = r.ReadDouble();
        double? trainAccuracy = ReadOptional(r), valLoss = ReadOptional(r), valAccuracy = ReadOptional(r);
        double rate = r.ReadDouble(), seconds = r.ReadDouble();
        var norms = new double[r.ReadInt32()];
        for (int i = 0; i < norms.Length; i++) norms[i] = r.ReadDouble();
        return new EpochRecord(epoch, trainLoss, trainAccuracy, valLoss, valAccuracy, rate, seconds, norms);
    }

    private static void WriteOptional(BinaryWriter w, double? v)
    {
        w.Write(v.HasValue);
        if (v.HasValue) w.Write(v.Value);
    }

    private static double? ReadOptional(BinaryReader r) => r.ReadBoolean() ? r.ReadDouble() : null;
}
