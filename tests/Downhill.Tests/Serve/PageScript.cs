using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Downhill.Tests.Serve;

/// <summary>What the browser tests ask of a page: wait until a script condition holds, and save a screenshot.</summary>
internal static class PageScript
{
    /// <summary>The test output's serve/ folder, where the screenshots and timings go.</summary>
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "serve");

    /// <summary>Polls <paramref name="condition"/> (a script expression; one that throws counts as false) until it holds.</summary>
    /// <exception cref="TimeoutException">It did not hold within <paramref name="seconds"/>: the message holds the console.</exception>
    public static void WaitFor(IJavaScriptExecutor js, string condition, int seconds = 20)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (js.ExecuteScript($"try {{ return !!({condition}); }} catch (e) {{ return false; }}") is not true)
        {
            if (DateTime.UtcNow > deadline)
            {
                // What the page said meanwhile (an exception in its script is the likeliest reason).
                var console = ((IWebDriver)js).Manage().Logs.GetLog(LogType.Browser).Select(e => $"{e.Level}: {e.Message}");
                throw new TimeoutException($"waited {seconds} s for: {condition}; the console: {string.Join(" | ", console)}");
            }
            Thread.Sleep(20);
        }
    }

    /// <summary>How many pixels of the stage's contour canvas are painted (not blank or near-white).</summary>
    public static long Painted(IJavaScriptExecutor js) => (long)js.ExecuteScript("""
        const c = document.querySelector('#stage canvas.bands');
        if (!c) return 0;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let painted = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) painted++;
        return painted;
        """)!;

    /// <summary>Saves the window as serve/<paramref name="name"/>.png.</summary>
    public static void Screenshot(ChromeDriver driver, string name)
    {
        Directory.CreateDirectory(Folder);
        ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(Path.Combine(Folder, name + ".png"));
    }
}
