using System.Collections.Concurrent;
using Downhill.Analysis.Tuning;

namespace Downhill.Studies;

/// <summary>
/// The far end of a <see cref="RemoteTrialRunner"/>: a process that runs trials for another that holds the study's
/// claims (a worker process <c>--workers</c> starts), with no storage of its own. It reads requests on its input, runs
/// each with the objective on one of its threads, passes the trial's reports to the holder and waits for its answer
/// (go on, or stop: pruned or lost), and writes the outcome back. When its input ends (the holder is done, or died), it
/// cancels what still runs and returns.
/// </summary>
public static class TrialServer
{
    /// <summary>Serves trials until <paramref name="input"/> ends.</summary>
    /// <param name="input">The holder's messages.</param>
    /// <param name="output">Where reports and outcomes go; nothing else may write there.</param>
    /// <param name="objective">Runs one trial.</param>
    /// <param name="threads">Trials run at once (the holder sends no more).</param>
    public static void Serve(TextReader input, TextWriter output, TrialObjective objective, int threads)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var gate = new object();
        void Send(string line)
        {
            try
            {
                lock (gate)
                {
                    output.WriteLine(line);
                    output.Flush();
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The holder stopped reading (it died): its input to us ends too, and that ends the serving.
            }
        }
        var running = new ConcurrentDictionary<long, RemoteTrial>();
        // Not disposed: a thread may still be finishing a trial when the input ends.
        var queue = new BlockingCollection<RemoteTrial>();
        for (int k = 1; k <= threads; k++)
            new Thread(() =>
            {
                foreach (var trial in queue.GetConsumingEnumerable())
                {
                    string message;
                    try
                    {
                        message = TrialWire.OutcomeMessage(trial.Id, objective(trial));
                    }
                    catch (Exception e)
                    {
                        message = TrialWire.FailedMessage(trial.Id, e);
                    }
                    running.TryRemove(trial.Id, out _);
                    Send(message);
                }
            }) { IsBackground = true, Name = $"trial server {k}" }.Start();
        for (string? line; (line = input.ReadLine()) is not null;)
        {
            var message = TrialWire.Read(line);
            switch (message.Kind)
            {
                case TrialWire.Run:
                    var trial = new RemoteTrial(message.Id, TrialWire.ReadRequest(message.Body), Send);
                    running[trial.Id] = trial;
                    queue.Add(trial);
                    break;
                case TrialWire.Go when running.TryGetValue(message.Id, out var asking):
                    asking.Answer(message.Body.GetProperty("on").GetBoolean());
                    break;
                case TrialWire.Cancel when running.TryGetValue(message.Id, out var cancelled):
                    cancelled.Cancel();
                    break;
            }
        }
        // The holder is gone: no one will read an outcome. Stop what runs (a trial that does not watch its cancellation
        // runs on, on a background thread that does not keep the process alive).
        queue.CompleteAdding();
        foreach (var trial in running.Values) trial.Cancel();
    }

    /// <summary>A trial run here for the holder: its reports go there and wait for the answer.</summary>
    private sealed class RemoteTrial(long id, TrialRequest request, Action<string> send) : ITrialContext
    {
        private readonly CancellationTokenSource _cancel = new();
        private readonly BlockingCollection<bool> _answers = new(1);

        public long Id => id;
        public TrialRequest Request => request;
        public CancellationToken Cancellation => _cancel.Token;

        public bool Report(int epoch, double metric)
        {
            if (_cancel.IsCancellationRequested) return false;
            send(TrialWire.ReportMessage(id, epoch, metric));
            try
            {
                return _answers.Take(_cancel.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        public void Answer(bool goOn) => _answers.Add(goOn);

        public void Cancel() => _cancel.Cancel();
    }
}
