using System.Globalization;
using System.Text.Json;
using Downhill.Tests.Cli;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using static Downhill.Tests.Serve.PageScript;

namespace Downhill.Tests.Serve;

/// <summary>
/// The lessons that needed more of the playground, in real headless Chromium against a server that serves the tour:
/// each lesson's "try it in the playground" link opens the page on the lesson's state; the box the runs keep to is
/// drawn and every path stays inside it, as `downhill compare --bounds --constrain` computes; and the page links the
/// tour back. Screenshots go to the test output's serve/ folder.
/// </summary>
public sealed class PlaygroundLessonsBrowserTests(TourPlaygroundHost tour) : IClassFixture<TourPlaygroundHost>
{
    [Fact]
    public void TheTourLinksOpenThePlaygroundOnEachLessonsState()
    {
        using var chromium = new HeadlessChromium(1280, 800);
        var driver = chromium.Driver;
        var js = (IJavaScriptExecutor)driver;

        LessonNineKeepsLbfgsbToItsBox(driver, js);
        LessonElevenDrawsTheCriticalPointsInTheBox(driver, js);
        LessonTwelveDrawsTheNetworksLossSlice(driver, js);
        ConstrainedPathsStayInTheBoxAsCompareComputes(driver, js);

        var severe = driver.Manage().Logs.GetLog(LogType.Browser).Where(e => e.Level == LogLevel.Severe).Select(e => e.Message).ToList();
        Assert.True(severe.Count == 0, $"console errors: {string.Join(" | ", severe)}");
    }

    private void LessonNineKeepsLbfgsbToItsBox(ChromeDriver driver, IJavaScriptExecutor js)
    {
        driver.Navigate().GoToUrl(new Uri(tour.Host.Address, "/tour/"));
        Assert.DoesNotContain("<code>downhill serve</code> first", driver.PageSource);
        Follow(driver, js, 9, "window.playground.results.length === 1");
        Assert.Contains("f=xcos-noisy", driver.Url);
        Assert.Contains("bounds=-1%3A2", driver.Url);
        Assert.Equal("lbfgsb", (string)js.ExecuteScript("return window.playground.results[0].optimizer;")!);
        // One variable: the curve and its derivative, each with the box drawn, the view a little wider than the box.
        Assert.Equal(2L, js.ExecuteScript("return document.querySelectorAll('#stage path.bounds-edge').length;"));
        Assert.True((bool)js.ExecuteScript("return document.getElementById('bounded').checked && !document.getElementById('constrain').checked;")!);
        AssertInside(js, [(-1, 2)]);
        Screenshot(driver, "lesson09-box");
        // The page's command is compare's, with the box, and answers the same end point.
        driver.FindElement(By.Id("copy-command")).Click();
        string command = (string)js.ExecuteScript("return document.getElementById('copied').textContent;")!;
        Assert.Contains(" --bounds=-1:2", command);
        AssertCompareAgrees(js, command);
    }

    private void LessonElevenDrawsTheCriticalPointsInTheBox(ChromeDriver driver, IJavaScriptExecutor js)
    {
        driver.Navigate().GoToUrl(new Uri(tour.Host.Address, "/tour/"));
        Follow(driver, js, 11, "window.playground.results.length === 1 && window.playground.critical.length > 20");
        Assert.Contains("f=rastrigin", driver.Url);
        Assert.True((bool)js.ExecuteScript("return document.getElementById('overlay-critical').checked;")!);
        WaitFor(js, "document.querySelectorAll('#stage path.critical.saddle').length > 5 && document.querySelectorAll('#stage path.critical.minimum').length > 5");
        Assert.Equal(1L, js.ExecuteScript("return document.querySelectorAll('#stage path.bounds-edge').length;"));
        AssertInside(js, [(-5.12, 5.12), (-5.12, 5.12)]);
        Screenshot(driver, "lesson11-critical");
    }

    private void LessonTwelveDrawsTheNetworksLossSlice(ChromeDriver driver, IJavaScriptExecutor js)
    {
        driver.Navigate().GoToUrl(new Uri(tour.Host.Address, "/tour/"));
        Follow(driver, js, 12, "!!(window.playground.landscape && window.playground.landscape.train)");
        Assert.Contains("view=landscape", driver.Url);
        Assert.Equal("true", driver.FindElement(By.Id("tab-landscape")).GetAttribute("aria-selected"));
        // The slice's contours, the trained weights marked at its centre, the findings listed; the race's controls hidden.
        Assert.True(Painted(js) > 20_000, "the slice's contours are blank");
        Assert.Equal(1L, js.ExecuteScript("return document.querySelectorAll('#stage svg.slice circle.trained').length;"));
        string events = (string)js.ExecuteScript("return document.getElementById('events').textContent;")!;
        Assert.Contains("mlp:2 on digits (150 random rows)", events);
        Assert.Contains("weights trained here: sgd:lr=0.5, 60 full-batch steps, seed 1", events);
        Assert.False(driver.FindElement(By.Id("add-optimizer")).Displayed);
        Assert.True(driver.FindElement(By.Id("ls-model")).Displayed);
        // And the Hessian's whole spectrum at the trained weights, by rank, with 2/lr dashed: what the lesson measures.
        WaitFor(js, "!!(window.playground.spectrum && window.playground.spectrum.top)", 30);
        Assert.Equal(160L, js.ExecuteScript("return document.querySelectorAll('svg.spectrum circle.eigenvalue').length;"));
        Assert.Equal(1L, js.ExecuteScript("return document.querySelectorAll('svg.spectrum path.stable-limit').length;"));
        events = (string)js.ExecuteScript("return document.getElementById('events').textContent;")!;
        Assert.Matches(@"the Hessian at the trained weights, every one of its 160 eigenvalues: λmax = [0-9.]+ against 2/lr = 4", events);
        Assert.Matches(@"\d+ negative \(\d+ below −λmax/100, the smallest -?[0-9.e−-]+\), \d+ within λmax/100 of 0, \d+ above λmax/10", events);
        Screenshot(driver, "lesson12-slice");
        js.ExecuteScript("document.getElementById('curves').scrollIntoView();");
        Screenshot(driver, "lesson12-spectrum");
        // Along the Hessian's top eigenvectors, with their eigenvalues.
        js.ExecuteScript("const s = document.getElementById('ls-directions'); s.value = 'eigen'; s.dispatchEvent(new Event('change'));");
        WaitFor(js, "window.playground.landscape && window.playground.landscape.directions === 'eigen'", 30);
        Assert.Matches(@"the Hessian's eigenvalues along the axes: λ1 = \d[^,]*, λ2 = ", (string)js.ExecuteScript("return document.getElementById('events').textContent;")!);
        // The page's command is landscape's, and answers the same slice.
        driver.FindElement(By.Id("copy-command")).Click();
        string command = (string)js.ExecuteScript("return document.getElementById('copied').textContent;")!;
        Assert.Equal("downhill landscape --data=digits --model=mlp:2 --train=sgd:lr=0.5 --steps=60 --directions=eigen --grid=7 --span=1 --rows=150 --seed=1", command);
        var outcome = CliHarness.Run([.. command.Split(' ').Skip(1), "--json"]);
        Assert.Equal(0, outcome.ExitCode);
        using var expected = JsonDocument.Parse(outcome.Out);
        Assert.Equal(JsonSerializer.Serialize(expected.RootElement.GetProperty("train").GetProperty("loss")),
            (string)js.ExecuteScript("return JSON.stringify(window.playground.landscape.train.loss);")!);
        Screenshot(driver, "lesson12-eigen");
        // At phone width the view and its controls fit without scrolling sideways.
        driver.Manage().Window.Size = new System.Drawing.Size(390, 844);
        js.ExecuteScript("window.dispatchEvent(new Event('resize'));");
        Assert.True((bool)js.ExecuteScript("return document.documentElement.scrollWidth <= window.innerWidth + 1;")!, "the Network view scrolls sideways at phone width");
        Screenshot(driver, "lesson12-phone");
        driver.Manage().Window.Size = new System.Drawing.Size(1280, 800);
        // Back to the map: the race's controls return.
        driver.FindElement(By.Id("tab-map")).Click();
        WaitFor(js, "!!document.querySelector('#stage svg.map') && window.playground.results.length === 0");
        Assert.True(driver.FindElement(By.Id("add-optimizer")).Displayed);
    }

    private void ConstrainedPathsStayInTheBoxAsCompareComputes(ChromeDriver driver, IJavaScriptExecutor js)
    {
        // Adam and momentum on himmelblau, kept to a box that leaves out every minimum: both end on its edge.
        driver.Navigate().GoToUrl("about:blank");
        driver.Navigate().GoToUrl(tour.Host.Address + "#f=himmelblau&x0=-4,4&o=adam:lr=0.3&o=momentum:lr=0.003&max-iter=300&bounds=-4.5:-3.3,3.5:4.5&constrain=true");
        WaitFor(js, "window.playground && window.playground.ready && window.playground.results.length === 2");
        Assert.Equal(1L, js.ExecuteScript("return document.querySelectorAll('#stage path.bounds-edge').length;"));
        AssertInside(js, [(-4.5, -3.3), (3.5, 4.5)]);
        var ends = ((IReadOnlyList<object>)js.ExecuteScript("return window.playground.results.map(r => Number(r.x[0]));")!).Select(v => Convert.ToDouble(v, CultureInfo.InvariantCulture));
        Assert.All(ends, x => Assert.Equal(-3.3, x, 12));
        // Unticking --constrain lets momentum leave the box (lbfgsb alone keeps to it regardless).
        driver.FindElement(By.Id("constrain")).Click();
        WaitFor(js, "!location.hash.includes('constrain') && window.playground.results.length === 2 && Number(window.playground.results[1].x[0]) > -3.2");
        driver.FindElement(By.Id("constrain")).Click();
        WaitFor(js, "location.hash.includes('constrain=true') && Number(window.playground.results[1].x[0]) === -3.3");
        Screenshot(driver, "constrained");
        driver.FindElement(By.Id("copy-command")).Click();
        string command = (string)js.ExecuteScript("return document.getElementById('copied').textContent;")!;
        Assert.Contains(" --bounds=-4.5:-3.3,3.5:4.5 --constrain", command);
        AssertCompareAgrees(js, command);
        driver.FindElement(By.Id("copy-csharp")).Click();
        string csharp = (string)js.ExecuteScript("return document.getElementById('copied').textContent;")!;
        Assert.Contains("var box = new Bounds([-4.5, 3.5], [-3.3, 4.5]);", csharp);
        Assert.Contains("(\"adam:lr=0.3\", true), (\"momentum:lr=0.003\", true)", csharp);
        Assert.Contains("keepsToBox ? options with { Bounds = box } : options", csharp);
        Assert.Equal(0L, js.ExecuteScript("return window.playground.errors;"));
        // The page links the tour this server serves.
        Assert.True(driver.FindElement(By.Id("tour-link")).Displayed);
        driver.FindElement(By.Id("tour-link")).Click();
        WaitFor(js, "location.pathname === '/tour/' && !!document.querySelector('#lesson-9')");
    }

    // ---- helpers ----

    /// <summary>Clicks lesson <paramref name="lesson"/>'s playground link and waits for the page to draw its state.</summary>
    private static void Follow(ChromeDriver driver, IJavaScriptExecutor js, int lesson, string ready)
    {
        var link = driver.FindElement(By.CssSelector($"#lesson-{lesson} p.play a"));
        Assert.Equal("Try it in the playground", link.Text);
        string fragment = link.GetAttribute("href")!.Split('#', 2)[1];
        link.Click();
        WaitFor(js, $"window.playground && window.playground.ready && {ready}", 30);
        // The page keeps the lesson's state: every key the link set is in the URL as it was.
        var page = System.Web.HttpUtility.ParseQueryString(new Uri(driver.Url).Fragment.TrimStart('#'));
        var linked = System.Web.HttpUtility.ParseQueryString(fragment);
        foreach (string key in linked.AllKeys!)
            Assert.Equal(Numbers(linked[key]!), Numbers(page[key]!));
    }

    /// <summary>A URL value's parts (split at , and :), numbers written the same way whatever their form (1E-10, 1e-10).</summary>
    private static string Numbers(string value) => string.Join("|", value.Split(',', ':').Select(part =>
        double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v.ToString("R", CultureInfo.InvariantCulture) : part));

    /// <summary>Every iterate of every run lies in the box.</summary>
    private static void AssertInside(IJavaScriptExecutor js, (double Low, double High)[] box)
    {
        string json = (string)js.ExecuteScript("return JSON.stringify(window.playground.results.map(r => r.trace.map(t => t.x.map(Number))));")!;
        var runs = JsonSerializer.Deserialize<double[][][]>(json)!;
        Assert.NotEmpty(runs);
        foreach (var trace in runs)
        {
            Assert.True(trace.Length > 1);
            foreach (var x in trace)
                for (int i = 0; i < box.Length; i++)
                    Assert.InRange(x[i], box[i].Low, box[i].High);
        }
    }

    /// <summary>The command the page gives, run, ends where the page's runs end.</summary>
    private static void AssertCompareAgrees(IJavaScriptExecutor js, string command)
    {
        var outcome = CliHarness.Run([.. command.Split(' ').Skip(1).Select(w => w.Trim('\'')), "--json"]);
        Assert.Equal(0, outcome.ExitCode);
        using var expected = JsonDocument.Parse(outcome.Out);
        string page = (string)js.ExecuteScript("return JSON.stringify(window.playground.results.map(r => r.x));")!;
        Assert.Equal(JsonSerializer.Serialize(expected.RootElement.EnumerateArray().Select(r => r.GetProperty("x")).ToList()), page);
    }
}
