namespace Downhill.Cli;

/// <summary>What <c>downhill</c> with no command prints: where to start, the most useful commands, where help is.</summary>
internal static class Guide
{
    public static void Write(TextWriter output) => output.Write(
        $"""
         downhill {ProductVersion.Text} — a lab for gradient-based optimization

         Start here:
           downhill tour                                  the whole course, run and drawn (then open tour/report.html)
           downhill compare -f rosenbrock --x0=-1.2,1     optimizers racing down Rosenbrock's valley
           downhill minimize -f himmelblau -o adam:lr=0.1 one run, reported in full
           downhill functions                             the functions -f knows by name
           downhill train -d iris -m softmax              a model trained on a data set

         Help: downhill help (every command), downhill help COMMAND (its options), or COMMAND --help.

         """);
}
