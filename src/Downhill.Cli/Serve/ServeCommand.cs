using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Downhill.Cli.Serve;

/// <summary><c>downhill serve [--port 8080] [--host 127.0.0.1] [--open] [--tour DIR]</c>: the playground in a browser, until Ctrl+C.</summary>
internal static class ServeCommand
{
    public static Command Create(Io io)
    {
        var port = new Option<int>("--port") { Description = "the port to listen on (0: any free one)", DefaultValueFactory = _ => 8080 };
        var host = new Option<string>("--host")
        {
            Description = "the address to bind: 127.0.0.1 (this machine only, the default) or e.g. 0.0.0.0 (every interface)",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var open = new Option<bool>("--open") { Description = "open the page in the default browser" };
        var tour = new Option<string?>("--tour") { Description = "also serve the tour's report that `downhill tour --out DIR` wrote, at /tour/" };
        var command = new Command("serve", "The playground: type a function, drag the start, race optimizers live in a browser.");
        command.Options.Add(port);
        command.Options.Add(host);
        command.Options.Add(open);
        command.Options.Add(tour);
        command.SetAction(result =>
        {
            int portNumber = result.GetValue(port);
            if (portNumber is < 0 or > 65535) throw new InputException($"--port: {portNumber} is not a port number (0 to 65535)");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(io.Cancellation);
            // Ctrl+C (SIGINT) and a plain kill (SIGTERM, as service managers send) both stop the server cleanly.
            Action<PosixSignalContext> onSignal = context =>
            {
                context.Cancel = true;
                stop.Cancel();
            };
            using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, onSignal);
            using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, onSignal);
            var options = new ServeOptions(result.GetValue(host)!, portNumber) { TourFolder = result.GetValue(tour) };
            var server = PlaygroundServer.StartAsync(options).GetAwaiter().GetResult();
            io.Out.WriteLine($"Downhill playground: {server.Address}  (Ctrl+C stops it)");
            if (options.TourFolder is not null) io.Out.WriteLine($"The tour's report: {server.Address}tour/");
            io.Out.Flush();
            if (result.GetValue(open)) Open(io, server.Address);
            stop.Token.WaitHandle.WaitOne();
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            io.Out.WriteLine("stopped");
            return Cli.Success;
        });
        return command;
    }

    private static void Open(Io io, Uri address)
    {
        try
        {
            Process.Start(new ProcessStartInfo(address.AbsoluteUri) { UseShellExecute = true })?.Dispose();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            io.Error.WriteLine($"downhill: note: could not open a browser ({e.Message}); open {address} yourself");
        }
    }
}
