namespace Downhill.Tests.Cli;

public class EvalCommandTests
{
    [Fact]
    public void JsonHasExactlyTheDocumentedShape()
    {
        var outcome = CliHarness.Run("eval", "-f", "(1-x)^2+100*(y-x^2)^2", "--at=-1.2,1", "--json");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(
            """{"x":[-1.2,1],"f":24.199999999999996,"gradient":[-215.59999999999997,-87.99999999999999],"hessian":[[1330,480],[480,200]],""",
            outcome.Out[..outcome.Out.IndexOf("\"eigenvalues\"", StringComparison.Ordinal)]);
        Assert.Equal("", outcome.Error);
    }

    [Fact]
    public void TextShowsValueGradientAndHessianOfACatalogFunction()
    {
        var outcome = CliHarness.Run("eval", "-f", "rosenbrock", "--at=-1.2,1");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(
            """
            rosenbrock: (1 - x)^2 + 100*(y - x^2)^2
            at        (x, y) = (-1.2, 1)
            f         = 24.199999999999996
            gradient  = (-215.6, -87.99999999999999)
            hessian   = [1330  480]
                        [ 480  200]
            """, outcome.Out.TrimEnd().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void JsonEigenvectorsAreTheHessiansWithTheirEigenvalues()
    {
        var outcome = CliHarness.Run("eval", "-f", "rosenbrock", "--at=-1.2,1", "--json");
        using var json = System.Text.Json.JsonDocument.Parse(outcome.Out);
        double[][] h = [[1330, 480], [480, 200]];
        var values = json.RootElement.GetProperty("eigenvalues").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var vectors = json.RootElement.GetProperty("eigenvectors").EnumerateArray().Select(v => v.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
        Assert.True(values[0] < values[1]);
        Assert.Equal(1530, values[0] + values[1], 9);   // the trace
        for (int k = 0; k < 2; k++)
        {
            var v = vectors[k];
            Assert.Equal(1, Math.Sqrt(v[0] * v[0] + v[1] * v[1]), 12);
            for (int i = 0; i < 2; i++) Assert.Equal(values[k] * v[i], h[i][0] * v[0] + h[i][1] * v[1], 9);
        }
    }

    [Theory]
    [InlineData("--at", "-1.2,1")]
    [InlineData("--at=-1.2,1")]
    public void NegativeFirstValuesWorkInBothForms(params string[] at)
    {
        var outcome = CliHarness.Run(["eval", "--function=-x^2+y", "--json", .. at]);
        Assert.Equal(0, outcome.ExitCode);
        Assert.StartsWith("""{"x":[-1.2,1],"f":-0.43999999999999995,"gradient":[2.4,1]""", outcome.Out);
    }

    [Fact]
    public void AnyNFunctionsTakeDim()
    {
        var outcome = CliHarness.Run("eval", "-f", "rastrigin", "--dim", "3", "--at=0,0,0", "--json");
        Assert.Equal(0, outcome.ExitCode);
        Assert.StartsWith("""{"x":[0,0,0],"f":0,"gradient":[0,0,0],""", outcome.Out);
    }

    [Fact]
    public void ANaNValueIsReportedNotACrash()
    {
        var outcome = CliHarness.Run("eval", "-f", "log(x)", "--at=-1", "--json");
        Assert.Equal(0, outcome.ExitCode);
        Assert.StartsWith("""{"x":[-1],"f":"NaN",""", outcome.Out);
        Assert.Contains("f is NaN at this point", outcome.Error);
    }

    [Fact]
    public void VarsFixTheOrder()
    {
        var outcome = CliHarness.Run("eval", "-f", "a - 2*b", "--vars", "b,a", "--at=1,10", "--json");
        Assert.Equal(0, outcome.ExitCode);
        Assert.StartsWith("""{"x":[1,10],"f":8,"gradient":[-2,1],""", outcome.Out);
    }
}
