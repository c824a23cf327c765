using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Downhill.Tests;

/// <summary>
/// Debian's chromium, headless, driven by its chromedriver through Selenium, with a throwaway profile folder and the
/// browser console's log kept; disposing quits the browser and deletes the profile. The browser tests share it.
/// </summary>
internal sealed class HeadlessChromium : IDisposable
{
    private readonly string _profile = Path.Combine(Path.GetTempPath(), "downhill-chromium-" + Guid.NewGuid().ToString("N"));

    public HeadlessChromium(int width, int height)
    {
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", $"--window-size={width},{height}", $"--user-data-dir={_profile}");
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public ChromeDriver Driver { get; }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        try { Directory.Delete(_profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
