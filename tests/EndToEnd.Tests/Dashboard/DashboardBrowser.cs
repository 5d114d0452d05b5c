using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace DigitalTwin.EndToEnd.Tests.Dashboard;

/// <summary>
/// Debian's Chromium, headless, driven by Debian's chromedriver (the same build, so their versions match), with a
/// fresh profile. Both paths are given explicitly so Selenium Manager never looks for (or downloads) a browser.
/// Waits are on conditions of the page, polled; screenshots go to the test output folder as artefacts.
/// </summary>
public sealed class DashboardBrowser : IDisposable
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string ChromedriverPath = "/usr/bin/chromedriver";

    private readonly ChromeDriver _driver;
    private readonly DirectoryInfo _profile;

    private DashboardBrowser(ChromeDriver driver, DirectoryInfo profile, string baseUrl)
    {
        _driver = driver;
        _profile = profile;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public IWebDriver Driver => _driver;

    /// <summary>Where screenshots are saved: beside the test assembly, so a CI run can keep them.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "dashboard-screenshots");

    /// <summary>Opens a browser window of the given CSS size (1280×800, the laptop the issue names, unless told).</summary>
    public static DashboardBrowser Open(string baseUrl, int width = 1280, int height = 800)
    {
        var profile = Directory.CreateTempSubdirectory("dtn-chromium-");
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", $"--user-data-dir={profile.FullName}", $"--window-size={width},{height}");
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromedriverPath)!, Path.GetFileName(ChromedriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        try
        {
            var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));

            // A window has a minimum width (500 px); a phone's viewport is narrower, so narrow ones are emulated.
            if (width < 500)
            {
                driver.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?>
                {
                    ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = true,
                });
            }

            return new DashboardBrowser(driver, profile, baseUrl.TrimEnd('/'));
        }
        catch
        {
            profile.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>Loads the dashboard at a page (<c>fleet</c>, <c>twins/{id}</c>, ...) as a fresh navigation.</summary>
    public void Go(string page) => _driver.Navigate().GoToUrl($"{BaseUrl}/#/{page}");

    /// <summary>Waits until <paramref name="probe"/> gives a value (non-null, and non-empty for text).</summary>
    public async Task<T> WaitForAsync<T>(Func<T?> probe, string what, TimeSpan? timeout = null)
        where T : class
    {
        var found = await Eventually.UntilAsync(() => Task.FromResult(TryProbe(probe)), IsFound, timeout ?? TimeSpan.FromSeconds(15));
        return IsFound(found) ? found! : throw new TimeoutException($"The page never showed {what}. It reads:\n{PageText()}\nBrowser log:\n{string.Join('\n', ConsoleLog())}");
    }

    /// <summary>Waits until the element of <paramref name="css"/> holds text meeting <paramref name="condition"/>; returns that text.</summary>
    public Task<string> WaitForTextAsync(string css, Func<string, bool> condition, string what, TimeSpan? timeout = null) =>
        WaitForAsync(() => Text(css) is { } text && condition(text) ? text : null, what, timeout);

    /// <summary>The visible text of the first element matching <paramref name="css"/>, or null when there is none.</summary>
    public string? Text(string css)
    {
        try
        {
            return _driver.FindElements(By.CssSelector(css)).FirstOrDefault()?.Text;
        }
        catch (StaleElementReferenceException)
        {
            return null;
        }
    }

    public bool Exists(string css) => _driver.FindElements(By.CssSelector(css)).Count > 0;

    public IWebElement Find(string css) => _driver.FindElement(By.CssSelector(css));

    /// <summary>Replaces what a text input holds with <paramref name="text"/>, as a person typing.</summary>
    public void Type(string css, string text)
    {
        var input = Find(css);
        input.Clear();
        input.SendKeys(text);
    }

    /// <summary>Chooses the option of a select by its value, through the page's own change event.</summary>
    public void Choose(string selectCss, string value) => Find($"{selectCss} option[value='{value}']").Click();

    public T Script<T>(string script) => (T)_driver.ExecuteScript(script)!;

    /// <summary>Presses keys as a person at the keyboard would: to whatever has the focus.</summary>
    public void Press(string keys) => new OpenQA.Selenium.Interactions.Actions(_driver).SendKeys(keys).Perform();

    /// <summary>
    /// Presses Tab until the focused element matches <paramref name="css"/> (at most 80 times): the element is
    /// reachable with the keyboard alone, in the page's tab order.
    /// </summary>
    public void TabTo(string css)
    {
        for (var presses = 0; presses < 80; presses++)
        {
            if (Script<bool>($"return document.activeElement !== null && document.activeElement.matches({System.Text.Json.JsonSerializer.Serialize(css)});"))
            {
                return;
            }

            Press(Keys.Tab);
        }

        throw new InvalidOperationException($"Tab never reached {css}; the focus ended on {Script<string>("return document.activeElement.outerHTML.slice(0, 200);")}");
    }

    public string PageText() => Text("body") ?? "";

    /// <summary>Saves a screenshot of the window as <c>{name}.png</c> in <see cref="ScreenshotFolder"/> and returns its path.</summary>
    public string Screenshot(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, $"{name}.png");
        _driver.GetScreenshot().SaveAsFile(path);
        return path;
    }

    /// <summary>What the page logged to the browser's console (errors, CSP violations), since the last call.</summary>
    public IReadOnlyList<string> ConsoleLog() => _driver.Manage().Logs.GetLog(LogType.Browser).Select(entry => $"{entry.Level}: {entry.Message}").ToList();

    public void Dispose()
    {
        _driver.Quit();
        _driver.Dispose();
        _profile.Delete(recursive: true);
    }

    private static bool IsFound<T>(T? value) => value is not null && (value is not string text || text.Length > 0);

    private static T? TryProbe<T>(Func<T?> probe)
        where T : class
    {
        try
        {
            return probe();
        }
        catch (Exception ex) when (ex is StaleElementReferenceException or NoSuchElementException)
        {
            return null;
        }
    }
}
