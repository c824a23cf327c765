using System.Collections.Concurrent;
using System.IO.Pipes;
using System.Text;
using Downhill.Analysis.Tuning;
using Downhill.Studies;

namespace Downhill.Tests.Studies;

/// <summary>
/// Trials run in another process for the one that holds their claims: requests, reports, answers, outcomes and
/// cancellations cross the pipes exactly, a runner that goes away hands its trial back, and what a trial throws there
/// is thrown here. The two ends run in this process, joined by two anonymous pipes, as a parent and child would be.
/// </summary>
public sealed class RemoteTrialTests
{
    /// <summary>A trial server at the end of two pipes, and the runner that talks to it.</summary>
    private sealed class Pair : IDisposable
    {
        private readonly AnonymousPipeServerStream _toServer = new(PipeDirection.Out), _fromServer = new(PipeDirection.In);
        private readonly StreamWriter _serverOutput;
        private readonly Thread _server;

        public Pair(TrialObjective objective, int threads = 1)
        {
            var serverInput = new StreamReader(new AnonymousPipeClientStream(PipeDirection.In, _toServer.ClientSafePipeHandle), Encoding.UTF8);
            _serverOutput = new StreamWriter(new AnonymousPipeClientStream(PipeDirection.Out, _fromServer.ClientSafePipeHandle), new UTF8Encoding(false));
            _server = new Thread(() =>
            {
                TrialServer.Serve(serverInput, _serverOutput, objective, threads);
                Served = true;
                // As the process's exit would: its output closes (unless KillServer closed it).
                try
                {
                    _serverOutput.Dispose();
                }
                catch (ObjectDisposedException)
                {
                }
            }) { IsBackground = true };
            _server.Start();
            Runner = new RemoteTrialRunner(new StreamWriter(_toServer, new UTF8Encoding(false)), new StreamReader(_fromServer, Encoding.UTF8));
        }

        public RemoteTrialRunner Runner { get; }

        public volatile bool Served;

        /// <summary>The server's process dies: its output closes under it.</summary>
        public void KillServer() => _serverOutput.BaseStream.Dispose();

        public bool WaitServed(TimeSpan timeout) => _server.Join(timeout);

        public void Dispose()
        {
            Runner.Dispose();
            _server.Join(TimeSpan.FromSeconds(10));
            _fromServer.Dispose();
        }
    }

    /// <summary>The holder's side of a trial: the request, its reports as the storage would take them, and a cancellation.</summary>
    private sealed class HeldTrial(TrialRequest request, Func<int, double, bool>? decide = null) : ITrialContext
    {
        public readonly CancellationTokenSource Cancel = new();
        public readonly ConcurrentQueue<(int Epoch, double Metric)> Reports = new();

        public TrialRequest Request => request;
        public CancellationToken Cancellation => Cancel.Token;

        public bool Report(int epoch, double metric)
        {
            Reports.Enqueue((epoch, metric));
            return decide?.Invoke(epoch, metric) ?? true;
        }
    }

    private static readonly TrialRequest Request = new(17, 2, 5, 1,
        [new Setting("lr", 1.0 / 3), Setting.Chosen("activation", "tanh"), Setting.Chosen("model", "mlp:256,256")], 1.0 / 3, ulong.MaxValue - 1);

    [Fact]
    public void TheRequestTheReportsTheAnswersAndTheOutcomeCrossExactly()
    {
        TrialRequest? seen = null;
        var answers = new List<bool>();
        using var pair = new Pair(trial =>
        {
            seen = trial.Request;
            for (int epoch = 1; epoch <= 5; epoch++)
            {
                bool goOn = trial.Report(epoch, 1.0 / epoch + 1e-17 * epoch);
                answers.Add(goOn);
                if (!goOn) return new TrialOutcome(1.0 / epoch, "pruned") { Pruned = true };
            }
            return new TrialOutcome(double.NaN, "max-iter");
        });
        var held = new HeldTrial(Request, (epoch, _) => epoch < 3);
        var outcome = pair.Runner.Run(held);

        Assert.Equal(new TrialOutcome(1.0 / 3, "pruned") { Pruned = true }, outcome);
        Assert.Equal([true, true, false], answers);
        Assert.Equal([(1, 1.0 + 1e-17), (2, 0.5 + 2e-17), (3, 1.0 / 3 + 3e-17)], held.Reports.ToArray());
        Assert.NotNull(seen);
        Assert.Equal((17, 2, 5, 1, 1.0 / 3, ulong.MaxValue - 1), (seen.Number, seen.Round, seen.Index, seen.Rung, seen.BudgetShare, seen.Seed));
        Assert.Equal(Request.Settings, seen.Settings);
        Assert.Equal(double.NaN, seen.Settings[1].Value);
    }

    [Theory]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.NaN)]
    [InlineData(-0.0)]
    [InlineData(4.9406564584124654E-324)]
    [InlineData(0.1 + 0.2)]
    public void EveryScoreComesBackBitForBit(double score)
    {
        using var pair = new Pair(_ => new TrialOutcome(score, "diverged"));
        var outcome = pair.Runner.Run(new HeldTrial(Request));
        Assert.Equal(BitConverter.DoubleToInt64Bits(score), BitConverter.DoubleToInt64Bits(outcome.Score));
        Assert.Equal("diverged", outcome.Stop);
    }

    [Fact]
    public async Task TheHoldersCancellationStopsTheTrialThere()
    {
        using var started = new ManualResetEventSlim();
        using var pair = new Pair(trial =>
        {
            started.Set();
            // Waits until told to stop: only the holder's cancellation can end this trial.
            bool stopped = trial.Cancellation.WaitHandle.WaitOne(TimeSpan.FromSeconds(30));
            return new TrialOutcome(stopped ? 1 : 0, stopped ? "cancelled" : "never stopped");
        });
        var held = new HeldTrial(Request);
        var run = Task.Run(() => pair.Runner.Run(held));
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)));
        held.Cancel.Cancel();
        Assert.Equal(new TrialOutcome(1, "cancelled"), await run.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void WhatATrialThrowsThereIsThrownHere()
    {
        using var pair = new Pair(trial => trial.Request.Number == 17
            ? throw new InputException("activation 'tanh' is not known here")
            : throw new DivideByZeroException());
        var input = Assert.Throws<InputException>(() => pair.Runner.Run(new HeldTrial(Request)));
        Assert.Equal("activation 'tanh' is not known here", input.Message);
        var other = Assert.Throws<InvalidOperationException>(() => pair.Runner.Run(new HeldTrial(Request with { Number = 3 })));
        Assert.Equal($"a trial failed in a worker process: {new DivideByZeroException().Message}", other.Message);
        Assert.False(pair.Runner.Lost);
    }

    [Fact]
    public async Task ARunnerThatGoesAwayMidTrialHandsItBackAndTheSlotsRunItHere()
    {
        using var running = new ManualResetEventSlim();
        using var pair = new Pair(trial =>
        {
            running.Set();
            trial.Cancellation.WaitHandle.WaitOne(TimeSpan.FromSeconds(30));
            return new TrialOutcome(-1, "remote");
        });
        var ranHere = new ConcurrentQueue<int>();
        var slots = new TrialSlots(trial =>
        {
            ranHere.Enqueue(trial.Request.Number);
            return new TrialOutcome(trial.Request.Number, "local");
        }, localSlots: 0, [pair.Runner], slotsEach: 1);
        Assert.Equal(1, slots.Count);

        var run = Task.Run(() => slots.Run(new HeldTrial(Request)));
        Assert.True(running.Wait(TimeSpan.FromSeconds(10)));
        pair.KillServer();
        Assert.Equal(new TrialOutcome(17, "local"), await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(pair.Runner.Lost);
        Assert.Throws<TrialRunnerLostException>(() => pair.Runner.Run(new HeldTrial(Request)));
        // The lost runner's slot is this process's now.
        Assert.Equal(new TrialOutcome(4, "local"), slots.Run(new HeldTrial(Request with { Number = 4 })));
        Assert.Equal([17, 4], ranHere.ToArray());
    }

    [Fact]
    public void TheServerRunsAsManyTrialsAtOnceAsItHasThreadsAndStopsWhenItsInputEnds()
    {
        int now = 0, most = 0;
        using var pair = new Pair(trial =>
        {
            int mine = Interlocked.Increment(ref now);
            InterlockedMax(ref most, mine);
            Thread.Sleep(50);
            Interlocked.Decrement(ref now);
            return new TrialOutcome(trial.Request.Number, "max-iter");
        }, threads: 3);
        var slots = new TrialSlots(_ => throw new InvalidOperationException("no trial runs here"), 0, [pair.Runner], slotsEach: 3);
        var outcomes = new ConcurrentQueue<TrialOutcome>();
        var holders = Enumerable.Range(0, 9).Select(n => new Thread(() => outcomes.Enqueue(slots.Run(new HeldTrial(Request with { Number = n }))))).ToList();
        holders.ForEach(t => t.Start());
        holders.ForEach(t => t.Join());
        Assert.Equal(Enumerable.Range(0, 9).Select(n => (double)n), outcomes.Select(o => o.Score).Order());
        Assert.Equal(3, most);
        pair.Runner.Dispose();
        Assert.True(pair.WaitServed(TimeSpan.FromSeconds(10)));
        Assert.True(pair.Served);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (int seen = target; value > seen; seen = target)
            if (Interlocked.CompareExchange(ref target, value, seen) == seen) return;
    }
}
