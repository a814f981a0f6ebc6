using Microsoft.Playwright;

namespace Understudy.Dashboard.Tests.Harness;

/// <summary>
/// One headless chromium page on a node's dashboard, recording what the browser complains about
/// (script errors, refused content) and saving screenshots under the test output's
/// TestResults/screenshots.
/// </summary>
internal sealed class DashboardPage : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly List<string> _complaints = [];

    private DashboardPage(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_complaints)
                {
                    _complaints.Add($"console: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_complaints)
            {
                _complaints.Add($"script: {error}");
            }
        };
    }

    public static string ScreenshotDirectory { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public IPage Page { get; }

    /// <summary>Opens <paramref name="url"/> in a new headless chromium at the given viewport.</summary>
    public static async Task<DashboardPage> OpenAsync(string url, int width = 1440, int height = 1000)
    {
        Chromium.Require();
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium.Path, Headless = true });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var opened = new DashboardPage(playwright, browser, page);
        await page.GotoAsync(url);
        return opened;
    }

    /// <summary>The cell of a keyed table row: <c>#nodes tr[data-key=n1] td.c-state</c>.</summary>
    public ILocator Cell(string table, string key, string cell) => Page.Locator($"#{table} tr[data-key=\"{key}\"] td.{cell}");

    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = System.IO.Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    /// <summary>Everything the browser complained about so far (a refused inline style, a script error…).</summary>
    public IReadOnlyList<string> Complaints()
    {
        lock (_complaints)
        {
            return [.. _complaints];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
