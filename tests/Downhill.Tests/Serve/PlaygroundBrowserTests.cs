using System.Globalization;
using System.Text.Json;
using Downhill.Tests.Cli;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Interactions;
using static Downhill.Tests.Serve.PageScript;

namespace Downhill.Tests.Serve;

/// <summary>
/// The playground in real headless Chromium against a real server, in one browser session: typing draws contours,
/// a bad expression shows its caret inline, moving a learning-rate slider moves the path to exactly the point
/// `downhill compare` reaches with those settings, dragging the start moves the paths, the URL carries the whole
/// state, and the scrubber, the surface and the overlays work — with no console error. Screenshots go to the test
/// output's serve/ folder; the time from each slider move to the redrawn paths goes to serve/timings.txt.
/// </summary>
public sealed class PlaygroundBrowserTests(PlaygroundHost host) : IClassFixture<PlaygroundHost>
{
    private static readonly string Folder = PageScript.Folder;

    [Fact]
    public void ThePlaygroundWorksInHeadlessChromium()
    {
        Directory.CreateDirectory(Folder);
        using var chromium = new HeadlessChromium(1280, 800);
        var driver = chromium.Driver;
        var js = (IJavaScriptExecutor)driver;
        // The first view: himmelblau with three optimizers racing.
        driver.Navigate().GoToUrl(host.Address);
        WaitFor(js, "window.playground && window.playground.ready && window.playground.results.length === 3");
        Screenshot(driver, "playground-1280x800");
        Assert.True(Painted(js) > 20_000, "the contour map is blank");

        TypingDrawsContours(driver, js);
        ABadExpressionShowsItsCaret(driver, js);
        TheSliderMovesThePathToWhatCompareComputes(driver, js);
        DraggingTheStartMovesThePaths(driver, js);
        TheUrlCarriesTheState(driver, js);
        TheScrubberStepsThroughTheIterations(js);
        OverlaysDraw(driver, js);
        DivergenceIsAnEventWithItsDiagnosis(driver, js);
        TheSurfaceTurns(driver, js);
        ItFitsAPhone(driver, js);

        // The 400s the browser reports are the grid's for text that does not parse (the bad expression, and a half-typed
        // one where typing pauses), which the page shows inline with a caret: they are the answers asked for.
        var severe = driver.Manage().Logs.GetLog(LogType.Browser).Where(e => e.Level == LogLevel.Severe).Select(e => e.Message)
            .Where(m => !(m.Contains("/api/grid?f=", StringComparison.Ordinal) && m.Contains("status of 400", StringComparison.Ordinal))).ToList();
        Assert.True(severe.Count == 0, $"console errors: {string.Join(" | ", severe)}");
        Assert.Equal(0L, js.ExecuteScript("return window.playground.errors;"));
    }

    private void TypingDrawsContours(ChromeDriver driver, IJavaScriptExecutor js)
    {
        var box = driver.FindElement(By.Id("function"));
        box.Clear();
        box.SendKeys("(x-1)^2 + 3*(y+0.5)^2 + sin(3*x)");
        WaitFor(js, "window.playground.grid.function === '(x-1)^2 + 3*(y+0.5)^2 + sin(3*x)' && window.playground.results.length === 3");
        Assert.True(Painted(js) > 20_000, "no contours after typing");
        Assert.True((bool)js.ExecuteScript("return document.getElementById('function-error').hidden;")!);
        Screenshot(driver, "typed-expression");
    }

    private void ABadExpressionShowsItsCaret(ChromeDriver driver, IJavaScriptExecutor js)
    {
        var box = driver.FindElement(By.Id("function"));
        box.Clear();
        box.SendKeys("x^2 + * y");
        WaitFor(js, "!document.getElementById('function-error').hidden");
        string[] lines = ((string)js.ExecuteScript("return document.getElementById('function-error').textContent;")!).Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Equal("x^2 + * y", lines[1]);
        Assert.Equal("      ^", lines[2]);
        Assert.Equal("true", box.GetAttribute("aria-invalid"));
        Screenshot(driver, "parse-error");
    }

    private void TheSliderMovesThePathToWhatCompareComputes(ChromeDriver driver, IJavaScriptExecutor js)
    {
        Load(driver, js, "#f=rosenbrock&x0=-1.2,1&o=adam:lr=0.01&o=momentum:lr=0.001&max-iter=500", 2);
        string before = PathOf(js, 0);
        WaitFor(js, "!!document.querySelector('#stage path.critical.minimum')");
        js.ExecuteScript("document.querySelector('#stage canvas.bands').dataset.kept = 'yes'; document.querySelector('#stage svg.map').dataset.kept = 'yes';");
        var timings = new List<double>();
        // The learning rate's slider where the declarations give its range (log-scaled), else its box.
        bool slider = (bool)js.ExecuteScript("return !!document.getElementById('o0-lr-slider');")!;
        // Twenty moves, so that the 95th percentile is not simply the slowest.
        var moves = slider ? Enumerable.Range(0, 20).Select(k => (500 + 14 * k).ToString(CultureInfo.InvariantCulture)).ToArray()
            : Enumerable.Range(0, 20).Select(k => (0.011m + 0.001m * k).ToString(CultureInfo.InvariantCulture)).ToArray();
        foreach (string move in moves)
        {
            js.ExecuteScript(slider
                ? $"const s = document.getElementById('o0-lr-slider'); s.value = {move}; s.dispatchEvent(new Event('input', {{ bubbles: true }}));"
                : $"const s = document.getElementById('o0-lr'); s.value = '{move}'; s.dispatchEvent(new Event('change', {{ bubbles: true }}));");
            WaitFor(js, $"window.playground.measures.length > {timings.Count}");
            timings.Add((double)Convert.ToDouble(js.ExecuteScript("return window.playground.measures[window.playground.measures.length - 1];"), CultureInfo.InvariantCulture));
        }
        Assert.NotEqual(before, PathOf(js, 0));
        // New paths redraw the paths' layer only: the contours and the map's axes are the elements drawn before.
        Assert.Equal(2L, js.ExecuteScript("return document.querySelectorAll('#stage canvas.bands[data-kept], #stage svg.map[data-kept]').length;"));
        // Where each move's time went: waiting to ask, the request (to the answer's headers), parsing, drawing; and the
        // whole time to the frame that shows the new paths (painted).
        WaitFor(js, "window.playground.profile.every(p => p.painted !== undefined)");
        var painted = ((IReadOnlyList<object>)js.ExecuteScript("return window.playground.profile.map(p => p.painted);")!)
            .Select(v => Convert.ToDouble(v, CultureInfo.InvariantCulture)).ToList();
        string profile = (string)js.ExecuteScript("""
            const parts = ['wait', 'request', 'parse', 'draw', 'painted'];
            return parts.map(p => p + ' ' + window.playground.profile.map(m => m[p].toFixed(1)).join(', ')).join('\n');
            """)!;
        File.WriteAllText(Path.Combine(Folder, "timings.txt"),
            $"slider move to redrawn paths (ms), {timings.Count} moves: {string.Join(", ", timings.Select(t => t.ToString("0.0", CultureInfo.InvariantCulture)))}\n" +
            $"median {Percentile(timings, 0.5):0.0} ms, p95 {Percentile(timings, 0.95):0.0} ms\n" +
            $"to the frame that shows them: median {Percentile(painted, 0.5):0.0} ms, p95 {Percentile(painted, 0.95):0.0} ms\n" +
            $"per move (ms):\n{profile}\n");

        // The page's last points are compare's for the command the page gives.
        driver.FindElement(By.Id("copy-command")).Click();
        string command = (string)js.ExecuteScript("return document.getElementById('copied').textContent;")!;
        Assert.StartsWith("downhill compare -f rosenbrock --x0=-1.2,1 -o adam:lr=", command);
        var outcome = CliHarness.Run([.. Words(command).Skip(1), "--json"]);
        Assert.Equal(0, outcome.ExitCode);
        using var expected = JsonDocument.Parse(outcome.Out);
        string page = (string)js.ExecuteScript("return JSON.stringify(window.playground.results.map(r => r.x));")!;
        Assert.Equal(JsonSerializer.Serialize(expected.RootElement.EnumerateArray().Select(r => r.GetProperty("x")).ToList()), page);
        driver.FindElement(By.Id("copy-csharp")).Click();
        string csharp = (string)js.ExecuteScript("return document.getElementById('copied').textContent;")!;
        Assert.Contains("FunctionResolver.Resolve(\"rosenbrock\")", csharp);
        Assert.Contains("Minimizer.Run(f.Objective, [-1.2, 1], Methods.Parse(spec), options)", csharp);
    }

    private void DraggingTheStartMovesThePaths(ChromeDriver driver, IJavaScriptExecutor js)
    {
        var map = driver.FindElement(By.CssSelector("#stage svg.map"));
        string before = PathOf(js, 1);
        new Actions(driver).MoveToElement(map, -150, -100).ClickAndHold().MoveByOffset(40, 30).MoveByOffset(40, 30).Release().Perform();
        WaitFor(js, "window.playground.results[1].trace[0].x.join(',') === window.location.hash.match(/x0=([^&]*)/)[1].replace(/%2C/g, ',')");
        Assert.NotEqual(before, PathOf(js, 1));
        string start = (string)js.ExecuteScript("return JSON.stringify(window.playground.results.map(r => r.trace[0].x));")!;
        string x0 = (string)js.ExecuteScript("return JSON.stringify(window.location.hash.match(/x0=([^&]*)/)[1].replace(/%2C/g, ',').split(',').map(Number));")!;
        Assert.Equal($"[{x0},{x0}]", start);
        Screenshot(driver, "dragged-start");
    }

    private void TheUrlCarriesTheState(ChromeDriver driver, IJavaScriptExecutor js)
    {
        js.ExecuteScript("const s = document.getElementById('scrubber'); s.value = 7; s.dispatchEvent(new Event('input'));");
        string url = driver.Url;
        string ends = (string)js.ExecuteScript("return JSON.stringify(window.playground.results.map(r => r.x));")!;
        driver.Navigate().GoToUrl("about:blank");
        driver.Navigate().GoToUrl(url);
        WaitFor(js, "window.playground && window.playground.ready && window.playground.results.length === 2");
        Assert.Equal(url, driver.Url);
        Assert.Equal(ends, (string)js.ExecuteScript("return JSON.stringify(window.playground.results.map(r => r.x));")!);
        Assert.Equal("7", driver.FindElement(By.Id("scrubber")).GetAttribute("value"));
    }

    private static void TheScrubberStepsThroughTheIterations(IJavaScriptExecutor js)
    {
        js.ExecuteScript("const s = document.getElementById('scrubber'); s.value = 12; s.dispatchEvent(new Event('input'));");
        Assert.Equal("12", (string)js.ExecuteScript("return document.getElementById('scrub-iteration').textContent;")!);
        var row = (string)js.ExecuteScript("return document.querySelector('#state tr:nth-child(2)').textContent;")!;
        Assert.Contains("12", row);
        Assert.Equal(2L, js.ExecuteScript("return document.querySelectorAll('circle.scrub-point').length;"));
        // Each optimizer's state at that iterate: adam's moment estimates, momentum's velocity, as the trace holds them.
        var columns = ((IReadOnlyList<object>)js.ExecuteScript("return Array.from(document.querySelectorAll('#state th')).map(t => t.textContent);")!).Cast<string>().ToList();
        Assert.Equal(new[] { "optimizer", "iteration", "point", "f", "‖∇f‖", "exp_avg", "exp_avg_sq", "momentum_buffer", "stop" }, columns);
        string adamMoment = (string)js.ExecuteScript("return document.querySelector('#state tr:nth-child(2)').cells[5].textContent;")!;
        string expected = (string)js.ExecuteScript(
            "return '(' + window.playground.results[0].trace[12].state.exp_avg.map(v => window.DownhillFigure.format(Number(v))).join(', ') + ')';")!;
        Assert.Equal(expected, adamMoment);
        Assert.Matches(@"^\(-?\d", adamMoment);
        Assert.NotEqual("(0, 0)", adamMoment);
        Assert.Equal("", (string)js.ExecuteScript("return document.querySelector('#state tr:nth-child(2)').cells[7].textContent;")!);
        Assert.Matches(@"^\(-?\d", (string)js.ExecuteScript("return document.querySelector('#state tr:nth-child(3)').cells[7].textContent;")!);
        // The marker sits on the 12th iterate.
        var offset = (IReadOnlyList<object>)js.ExecuteScript("""
            const p = window.playground.results[0].trace[12].x.map(Number);
            const c = document.querySelector('circle.scrub-point');
            const s = document.querySelector('#stage circle.start');
            return [Number(c.getAttribute('cx')), Number(c.getAttribute('cy')), p[0], p[1]];
            """)!;
        Assert.True(Convert.ToDouble(offset[0], CultureInfo.InvariantCulture) > 0);
    }

    private void OverlaysDraw(ChromeDriver driver, IJavaScriptExecutor js)
    {
        driver.FindElement(By.Id("overlay-basins")).Click();
        WaitFor(js, "document.querySelectorAll('g.basins rect').length > 100");
        driver.FindElement(By.Id("overlay-sweep")).Click();
        WaitFor(js, "document.querySelectorAll('svg.sweep circle.sweep-point').length > 3");
        driver.FindElement(By.Id("overlay-eigen")).Click();
        WaitFor(js, "document.querySelectorAll('path.eigenvector').length === 2");
        Assert.True((long)js.ExecuteScript("return document.querySelectorAll('path.critical').length;")! > 0);
        Screenshot(driver, "overlays");
    }

    private void DivergenceIsAnEventWithItsDiagnosis(ChromeDriver driver, IJavaScriptExecutor js)
    {
        Load(driver, js, "#f=valley:kappa=50&x0=1,1&o=gd:lr=0.05&o=gd:lr=0.01&max-iter=400", 2);
        WaitFor(js, "document.querySelectorAll('#stage path.diverged').length === 1");
        string events = (string)js.ExecuteScript("return document.getElementById('events').textContent;")!;
        Assert.Contains("× gd:lr=0.05 diverged after", events);
        Assert.Contains("stable only for lr < 2/λmax = 0.04", events);
        Screenshot(driver, "divergence");
    }

    private void TheSurfaceTurns(ChromeDriver driver, IJavaScriptExecutor js)
    {
        driver.FindElement(By.Id("tab-surface")).Click();
        WaitFor(js, "!!document.querySelector('#stage canvas.surface')");
        string before = Fingerprint(js);
        js.ExecuteScript("""
            const c = document.querySelector('#stage canvas.surface');
            const b = c.getBoundingClientRect(), x = b.left + b.width / 2, y = b.top + b.height / 2;
            c.dispatchEvent(new PointerEvent('pointerdown', { clientX: x, clientY: y, pointerId: 1, bubbles: true }));
            c.dispatchEvent(new PointerEvent('pointermove', { clientX: x + 120, clientY: y + 30, pointerId: 1, bubbles: true }));
            c.dispatchEvent(new PointerEvent('pointerup', { clientX: x + 120, clientY: y + 30, pointerId: 1, bubbles: true }));
            """);
        Assert.NotEqual(before, Fingerprint(js));
        Screenshot(driver, "surface");
        driver.FindElement(By.Id("tab-map")).Click();
        WaitFor(js, "!!document.querySelector('#stage svg.map')");
    }

    private void ItFitsAPhone(ChromeDriver driver, IJavaScriptExecutor js)
    {
        driver.Manage().Window.Size = new System.Drawing.Size(390, 844);
        js.ExecuteScript("window.dispatchEvent(new Event('resize'));");
        Assert.True((bool)js.ExecuteScript("return document.documentElement.scrollWidth <= window.innerWidth + 1;")!, "the page scrolls sideways at phone width");
        Screenshot(driver, "playground-phone");
        driver.Manage().Window.Size = new System.Drawing.Size(1280, 800);
    }

    // ---- helpers ----

    private void Load(ChromeDriver driver, IJavaScriptExecutor js, string hash, int runs)
    {
        driver.Navigate().GoToUrl("about:blank");
        driver.Navigate().GoToUrl(host.Address + hash);
        WaitFor(js, $"window.playground && window.playground.ready && window.playground.results.length === {runs}");
    }

    private static string PathOf(IJavaScriptExecutor js, int run) =>
        (string)js.ExecuteScript($"const p = document.querySelector('#stage path.run[data-run=\"{run}\"]'); return p ? p.getAttribute('d') : '';")!;

    private static string Fingerprint(IJavaScriptExecutor js) => (string)js.ExecuteScript("""
        const c = document.querySelector('#stage canvas.surface');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let hash = 0;
        for (let i = 0; i < d.length; i += 4) hash = (hash * 31 + d[i] + 7 * d[i + 1] + 13 * d[i + 2] + i) % 1000000007;
        return String(hash);
        """)!;

    /// <summary>The nearest-rank percentile (the smallest value with at least <paramref name="share"/> of them at or below it).</summary>
    private static double Percentile(IReadOnlyList<double> values, double share)
    {
        var sorted = values.OrderBy(t => t).ToList();
        return sorted[Math.Max(0, (int)Math.Ceiling(share * sorted.Count) - 1)];
    }

    /// <summary>The words of a shell command line (single quotes group, as the page writes them).</summary>
    private static IEnumerable<string> Words(string line)
    {
        var word = new System.Text.StringBuilder();
        bool quoted = false, any = false;
        foreach (char c in line)
        {
            if (c == '\'') { quoted = !quoted; any = true; continue; }
            if (c == ' ' && !quoted)
            {
                if (any) yield return word.ToString();
                word.Clear();
                any = false;
                continue;
            }
            word.Append(c);
            any = true;
        }
        if (any) yield return word.ToString();
    }
}
