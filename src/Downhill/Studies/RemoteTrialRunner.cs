using System.Collections.Concurrent;
using Downhill.Analysis.Tuning;

namespace Downhill.Studies;

/// <summary>
/// Runs trials in another process (a <see cref="TrialServer"/> at the other end of a pair of pipes) for a process that
/// holds the study's claims: the trial's reports come back to its context and the context's answers go out, and its
/// cancellation is passed on. Only the holder talks to the storage, so processes that only run trials open no
/// connection of their own.
/// </summary>
public sealed class RemoteTrialRunner : IDisposable
{
    private readonly TextWriter _toServer;
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<long, BlockingCollection<TrialWire.Message>> _pending = new();
    private long _last;
    private volatile bool _lost;

    /// <summary>Talks to a trial server through <paramref name="toServer"/> (its input) and <paramref name="fromServer"/> (its output).</summary>
    public RemoteTrialRunner(TextWriter toServer, TextReader fromServer)
    {
        ArgumentNullException.ThrowIfNull(toServer);
        ArgumentNullException.ThrowIfNull(fromServer);
        _toServer = toServer;
        new Thread(() => Read(fromServer)) { IsBackground = true, Name = "trial runner reader" }.Start();
    }

    /// <summary>Whether the server has gone (its output ended, or it stopped reading): it runs no more trials.</summary>
    public bool Lost => _lost;

    /// <summary>
    /// Runs <paramref name="trial"/> there and returns its outcome; a <see cref="TrialRunnerLostException"/> when the
    /// server goes before the trial ends. An objective that threw there throws here: an <see cref="InputException"/>,
    /// an <see cref="OperationCanceledException"/>, or an <see cref="InvalidOperationException"/> with its message.
    /// </summary>
    public TrialOutcome Run(ITrialContext trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        long id = Interlocked.Increment(ref _last);
        // Not disposed: the reader may still hold it for a moment after the trial ends.
        var inbox = new BlockingCollection<TrialWire.Message>();
        _pending[id] = inbox;
        try
        {
            // Checked after the inbox is in place: the reader closes every inbox it finds once it has set the flag.
            if (_lost) throw new TrialRunnerLostException();
            Send(TrialWire.RunMessage(id, trial.Request));
            using var cancel = trial.Cancellation.Register(() => Send(TrialWire.CancelMessage(id), quiet: true));
            foreach (var message in inbox.GetConsumingEnumerable())
                switch (message.Kind)
                {
                    case TrialWire.Report:
                        bool goOn = trial.Report(message.Body.GetProperty("epoch").GetInt32(), TrialWire.Number(message.Body.GetProperty("metric")));
                        Send(TrialWire.GoMessage(id, goOn));
                        break;
                    case TrialWire.Outcome:
                        return TrialWire.ReadOutcome(message.Body);
                    case TrialWire.Failed:
                        throw TrialWire.ReadFailure(message.Body);
                }
            throw new TrialRunnerLostException();
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Ends the server's input, which tells it to stop.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            try
            {
                _toServer.Dispose();
            }
            catch (IOException)
            {
                // It had gone already.
            }
        }
    }

    /// <summary>Writes a line to the server; a server that stopped reading is lost (quietly, for a cancellation sent on the way out).</summary>
    private void Send(string line, bool quiet = false)
    {
        try
        {
            lock (_gate)
            {
                _toServer.WriteLine(line);
                _toServer.Flush();
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            Lose();
            if (!quiet) throw new TrialRunnerLostException();
        }
    }

    private void Read(TextReader fromServer)
    {
        try
        {
            for (string? line; (line = fromServer.ReadLine()) is not null;)
            {
                var message = TrialWire.Read(line);
                if (_pending.TryGetValue(message.Id, out var inbox)) Deliver(inbox, message);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidDataException)
        {
            // A broken pipe, or a server that wrote something else: either way it runs no more trials for us.
        }
        Lose();
    }

    private static void Deliver(BlockingCollection<TrialWire.Message> inbox, TrialWire.Message message)
    {
        try
        {
            inbox.Add(message);
        }
        catch (InvalidOperationException)
        {
            // Closed by a failed send: its trial has already given up on the server.
        }
    }

    private void Lose()
    {
        _lost = true;
        foreach (var inbox in _pending.Values) inbox.CompleteAdding();
    }
}

/// <summary>The process running a trial went away (it died, or was stopped) before the trial ended.</summary>
public sealed class TrialRunnerLostException : Exception
{
    /// <summary>The trial's runner is gone.</summary>
    public TrialRunnerLostException() : base("the process running the trial went away before it ended")
    {
    }
}
