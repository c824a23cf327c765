using System.Buffers.Binary;
using System.Text;
using Downhill.Learning.Data;
using Downhill.Learning.Models;
using Downhill.Learning.Training;
using Downhill.Optimizers;
using Downhill.Tests.Cli;

namespace Downhill.Tests.Learning;

/// <summary>
/// A damaged checkpoint is never trusted: each of the red team's kinds of damage is refused with one clear message
/// (an <see cref="InputException"/> from the library, exit 2 and one line from <c>downhill train --resume</c>),
/// never read past an array, never resumed into NaN.
/// </summary>
public class CheckpointDamageTests
{
    private static readonly string[] Train = ["train", "-d", "iris", "-m", "mlp:8", "-o", "adam:lr=0.01", "--seed", "2"];

    public static TheoryData<string, string> Damage => new()
    {
        { "truncate", "it is cut short or extended" },
        { "flip a bit", "it is damaged: its checksum does not match its contents" },
        { "other version", "it is a checkpoint of format 7; this Downhill reads format 2" },
        { "not a checkpoint", "it is not a Downhill checkpoint" },
        { "empty", "it is empty or not a regular file" },
        { "shorten a buffer", "the length of the optimizer buffer exp_avg of " },
        { "negative length", "the length of the optimizer buffer exp_avg of " },
        { "huge length", "is 2147483647, but the model has " },
        { "type tag", "has type tag 9, not float32 (1)" },
        { "scalar tag", "the optimizer scalar step of " },
        { "NaN a weight", "[0] is NaN, not a finite number" },
        { "extra bytes", "bytes follow its last record" },
    };

    [Theory]
    [MemberData(nameof(Damage))]
    public void TheLibraryRefusesItWithOneInputException(string damage, string message)
    {
        string dir = TempDirectory();
        try
        {
            var data = DatasetCatalog.Load("iris", new DataLocator(), 0.2, seed: 1);
            Fit(data, dir, epochs: 1, resume: false);
            Ruin(dir, damage);
            var e = Assert.Throws<InputException>(() => Fit(data, dir, epochs: 2, resume: true));
            Assert.StartsWith($"cannot resume from '{Checkpoint.PathIn(dir)}': ", e.Message);
            Assert.Contains(message, e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Damage))]
    public void TrainResumeExits2WithOneLine(string damage, string message)
    {
        string dir = TempDirectory();
        try
        {
            Assert.Equal(0, CliHarness.Run([.. Train, "--checkpoint", dir, "--epochs", "1"]).ExitCode);
            Ruin(dir, damage);
            var run = CliHarness.Run([.. Train, "--checkpoint", dir, "--epochs", "2", "--resume"]);
            Assert.Equal(2, run.ExitCode);
            string line = Assert.Single(run.Error.TrimEnd().Split('\n'));
            Assert.StartsWith("downhill: cannot resume from ", line);
            Assert.Contains(message, line);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void AnUntouchedCheckpointStillResumesAfterADamagedOneWasRefused()
    {
        string dir = TempDirectory();
        try
        {
            Assert.Equal(0, CliHarness.Run([.. Train, "--checkpoint", dir, "--epochs", "1"]).ExitCode);
            byte[] good = File.ReadAllBytes(Checkpoint.PathIn(dir));
            Ruin(dir, "NaN a weight");
            Assert.Equal(2, CliHarness.Run([.. Train, "--checkpoint", dir, "--epochs", "2", "--resume"]).ExitCode);
            File.WriteAllBytes(Checkpoint.PathIn(dir), good);
            Assert.Equal(0, CliHarness.Run([.. Train, "--checkpoint", dir, "--epochs", "2", "--resume"]).ExitCode);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Fit(DataSplits data, string dir, int epochs, bool resume)
    {
        var model = Model.Create("mlp:8", data.Train.FeatureCount, data.Train.ClassCount);
        using var trainer = new Trainer(model, new Adam(lr: 0.01), new TrainingOptions
        {
            Stopping = TrainingOptions.StopAfter(epochs), BatchSize = 16, Seed = 2, CheckpointDirectory = dir, Resume = resume,
        });
        trainer.Fit(data);
    }

    /// <summary>
    /// Damages the checkpoint in <paramref name="dir"/>. Damage inside the payload is resealed with a correct checksum,
    /// as a self-consistent file would be, so the structural checks themselves are what refuses it.
    /// </summary>
    private static void Ruin(string dir, string damage)
    {
        string path = Checkpoint.PathIn(dir);
        byte[] file = File.ReadAllBytes(path);
        byte[] payload = Checkpoint.Open(file).ToArray();
        int buffer = After(payload, "exp_avg"); // its tag, then its length
        int step = After(payload, "step");      // its tag, then its value
        int weights = After(payload, "layer1.weight");
        byte[] result = damage switch
        {
            "truncate" => file[..(file.Length / 2)],
            "flip a bit" => Flip(file, file.Length / 2),
            "other version" => Patch(file, 20, w => BinaryPrimitives.WriteInt32LittleEndian(w, 7)),
            "not a checkpoint" => Encoding.UTF8.GetBytes("just some text, not a checkpoint at all"),
            "empty" => [],
            "shorten a buffer" => Checkpoint.Seal([.. payload[..(buffer + 1)], .. Int32(BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(buffer + 1)) - 1),
                .. payload[(buffer + 5)..^4]]),
            "negative length" => Checkpoint.Seal(Patch(payload, buffer + 1, w => BinaryPrimitives.WriteInt32LittleEndian(w, -1))),
            "huge length" => Checkpoint.Seal(Patch(payload, buffer + 1, w => BinaryPrimitives.WriteInt32LittleEndian(w, int.MaxValue))),
            "type tag" => Checkpoint.Seal(Patch(payload, buffer, w => w[0] = 9)),
            "scalar tag" => Checkpoint.Seal(Patch(payload, step, w => w[0] = 3)),
            "NaN a weight" => Checkpoint.Seal(Patch(payload, weights + 5, w => BinaryPrimitives.WriteSingleLittleEndian(w, float.NaN))),
            _ => Checkpoint.Seal([.. payload, 0]),
        };
        File.WriteAllBytes(path, result);
    }

    /// <summary>The offset just past the first length-prefixed <paramref name="name"/> in the payload.</summary>
    private static int After(byte[] payload, string name)
    {
        byte[] pattern = [.. Int32(Encoding.UTF8.GetByteCount(name)), .. Encoding.UTF8.GetBytes(name)];
        int at = payload.AsSpan().IndexOf(pattern);
        Assert.True(at >= 0, $"'{name}' is in the payload");
        return at + pattern.Length;
    }

    private static byte[] Int32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] Patch(byte[] bytes, int at, Action<Span<byte>> write)
    {
        var copy = (byte[])bytes.Clone();
        write(copy.AsSpan(at));
        return copy;
    }

    private static byte[] Flip(byte[] bytes, int at) => Patch(bytes, at, w => w[0] ^= 0x10);

    private static string TempDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"downhill-damage-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }
}
