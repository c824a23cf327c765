using Downhill.Plotting;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Downhill.Tests.Plotting;

/// <summary>
/// Opens every figure kind's HTML page in real headless Chromium (one browser session for all of them): the page
/// must raise no console error, draw its chart, answer a hover with a read-out and a wheel with a zoom (a drag with
/// a turn, for the surface), and a screenshot of each is saved under the test output's browser/ folder.
/// </summary>
public sealed class HtmlBrowserTests
{
    [Fact]
    public void EveryKindDrawsAndRespondsInHeadlessChromium()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "browser");
        Directory.CreateDirectory(folder);
        using var chromium = new HeadlessChromium(1300, 1100);
        var driver = chromium.Driver;
        foreach (var (name, build) in SampleFigures.All)
        {
            string page = Path.Combine(folder, name + ".html");
            FigureFile.Write(build(), page);
            driver.Navigate().GoToUrl(new Uri(page).AbsoluteUri);
            var js = (IJavaScriptExecutor)driver;
            Assert.True(js.ExecuteScript("return !!(window.downhillFigure && window.downhillFigure.ready);") is true, $"{name}: the figure script did not finish");
            bool surface = js.ExecuteScript("return !!document.querySelector('g.panel[data-kind=surface]');") is true;
            if (surface) CheckSurface(js, name); else CheckPlot(js, name);
            ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(Path.Combine(folder, name + ".png"));
            var severe = driver.Manage().Logs.GetLog(LogType.Browser).Where(e => e.Level == LogLevel.Severe).Select(e => e.Message).ToList();
            Assert.True(severe.Count == 0, $"{name}: console errors: {string.Join(" | ", severe)}");
        }
    }

    private static void CheckPlot(IJavaScriptExecutor js, string name)
    {
        long drawn = (long)js.ExecuteScript("return document.querySelectorAll('g.zoom *, path.mk').length;")!;
        Assert.True(drawn > 0, $"{name}: nothing drawn in the plot");
        // Hover at the centre of the first plot, then zoom there with the wheel.
        string readout = (string)js.ExecuteScript("""
            const g = document.querySelector('g.panel[data-kind=plot]');
            const box = g.querySelector('rect.frame').getBoundingClientRect();
            const x = box.left + box.width / 2, y = box.top + box.height / 2;
            g.dispatchEvent(new PointerEvent('pointermove', { clientX: x, clientY: y, bubbles: true }));
            const r = document.getElementById('readout');
            return r.hidden ? '' : r.textContent;
            """)!;
        Assert.Contains(" = ", readout);
        string transform = (string)js.ExecuteScript("""
            const g = document.querySelector('g.panel[data-kind=plot]');
            const box = g.querySelector('rect.frame').getBoundingClientRect();
            g.dispatchEvent(new WheelEvent('wheel', { clientX: box.left + box.width / 2, clientY: box.top + box.height / 2, deltaY: -400, bubbles: true, cancelable: true }));
            return g.querySelector('g.zoom').getAttribute('transform') || '';
            """)!;
        Assert.Matches(@"scale\((?!1\))[0-9.]+\)", transform);
        js.ExecuteScript("document.querySelector('g.panel[data-kind=plot]').dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));");
    }

    private static void CheckSurface(IJavaScriptExecutor js, string name)
    {
        const string Fingerprint = """
            const c = document.querySelector('canvas.surface');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let painted = 0, hash = 0;
            for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) { painted++; hash = (hash * 31 + d[i] + 7 * d[i + 1] + 13 * d[i + 2] + i) % 1000000007; }
            return [painted, hash];
            """;
        var before = (IReadOnlyList<object>)js.ExecuteScript(Fingerprint)!;
        Assert.True((long)before[0] > 5000, $"{name}: the surface canvas is blank");
        js.ExecuteScript("""
            const c = document.querySelector('canvas.surface');
            const b = c.getBoundingClientRect(), x = b.left + b.width / 2, y = b.top + b.height / 2;
            c.dispatchEvent(new PointerEvent('pointerdown', { clientX: x, clientY: y, pointerId: 1, bubbles: true }));
            c.dispatchEvent(new PointerEvent('pointermove', { clientX: x + 120, clientY: y + 30, pointerId: 1, bubbles: true }));
            c.dispatchEvent(new PointerEvent('pointerup', { clientX: x + 120, clientY: y + 30, pointerId: 1, bubbles: true }));
            """);
        var after = (IReadOnlyList<object>)js.ExecuteScript(Fingerprint)!;
        Assert.NotEqual(before[1], after[1]);
        bool staticHidden = js.ExecuteScript("return document.querySelector('g.scene').getAttribute('visibility') === 'hidden';") is true;
        Assert.True(staticHidden, $"{name}: the static view still shows under the canvas");
    }
}
