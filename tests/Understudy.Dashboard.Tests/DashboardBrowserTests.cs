using System.Diagnostics;
using Microsoft.Playwright;
using Understudy.Dashboard.Tests.Harness;
using Understudy.Node.Tests.Harness;
using static Microsoft.Playwright.Assertions;

namespace Understudy.Dashboard.Tests;

/// <summary>
/// The dashboard in a real browser (headless Debian chromium driven by Playwright) against a real
/// 3-node cluster: what it shows, how fast it follows a failure, and its actions.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    /// <summary>How long the page has to show a committed change. Detection takes about 1 s and
    /// the stream adds at most 0.25 s; 10 s leaves room for a busy 2-core machine.</summary>
    private static readonly LocatorAssertionsToHaveTextOptions Soon = new() { Timeout = 10_000 };

    /// <summary>For the cluster to start: processes, election, roles online.</summary>
    private static readonly LocatorAssertionsToHaveTextOptions Startup = new() { Timeout = 90_000 };

    [Fact]
    public async Task Page_ThreeNodeCluster_ShowsThreeUpThenAKilledNodeDownWithoutReload()
    {
        Chromium.Require();
        await using var cluster = DashboardCluster.Create();
        cluster.StartAll();
        await DashboardCluster.WaitForServingAsync(cluster);
        await using var page = await DashboardPage.OpenAsync(cluster.ApiUrl("n1") + "/");

        foreach (var node in cluster.Names)
        {
            await Expect(page.Cell("nodes", node, "c-state")).ToHaveTextAsync("Up", Startup);
        }

        await Expect(page.Page.Locator("#quorum")).ToHaveTextAsync("yes");
        await Expect(page.Page.Locator("#nodes .leader-mark")).ToHaveCountAsync(1);
        await Expect(page.Cell("roles", "svc", "c-state")).ToHaveTextAsync("Online", Startup);
        await Expect(page.Page.Locator("#nlb .rule[data-rule=web] canvas")).ToBeVisibleAsync();
        await Expect(page.Page.Locator("#events li")).Not.ToHaveCountAsync(0);
        await page.ScreenshotAsync("three-up");

        var navigations = 0;
        page.Page.FrameNavigated += (_, _) => navigations++;
        var clock = Stopwatch.StartNew();
        cluster.Kill("n3");
        await Expect(page.Cell("nodes", "n3", "c-state")).ToHaveTextAsync("Down", Soon);
        var shown = clock.Elapsed;
        output.WriteLine($"kill -9 n3 -> page shows Down after {shown.TotalMilliseconds:0} ms");
        Assert.Equal(0, navigations);
        await Expect(page.Cell("nodes", "n1", "c-state")).ToHaveTextAsync("Up");
        await page.ScreenshotAsync("n3-down");
        Assert.Empty(page.Complaints());
    }

    [Fact]
    public async Task Page_PhoneWidth_FitsTheScreen()
    {
        Chromium.Require();
        await using var cluster = DashboardCluster.Create();
        cluster.StartAll();
        await DashboardCluster.WaitForServingAsync(cluster);
        await using var page = await DashboardPage.OpenAsync(cluster.ApiUrl("n2") + "/", width: 390, height: 844);

        await Expect(page.Cell("nodes", "n3", "c-state")).ToHaveTextAsync("Up", Startup);
        await Expect(page.Cell("roles", "svc", "c-state")).ToHaveTextAsync("Online", Startup);
        var overflow = await page.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        await page.ScreenshotAsync("phone");
        Assert.True(overflow <= 0, $"the page is {overflow} px wider than a 390 px screen");
        Assert.Empty(page.Complaints());
    }

    [Fact]
    public async Task MoveButton_WithToken_MovesTheRoleAndThePageShowsTheNewOwner()
    {
        Chromium.Require();
        await using var cluster = DashboardCluster.Create();
        cluster.StartAll();
        await DashboardCluster.WaitForServingAsync(cluster);
        var token = await DashboardCluster.TokenAsync(cluster);
        var before = (await cluster.StatusAsync("n1"))!.Roles.Single(r => r.Name == "svc");
        var target = cluster.Names.First(n => n != before.Owner);
        await using var page = await DashboardPage.OpenAsync(cluster.ApiUrl("n1") + "/");
        await Expect(page.Cell("roles", "svc", "c-owner")).ToHaveTextAsync(before.Owner!, Startup);

        await page.Page.Locator("select[data-move=svc]").SelectOptionAsync(target);
        await page.Page.Locator("#roles tr[data-key=svc] button[data-act=move]").ClickAsync();
        // No token yet: the page asks for it, then carries on with the move.
        await Expect(page.Page.Locator("#token-dialog")).ToBeVisibleAsync();
        await page.Page.Locator("#token-input").FillAsync(token);
        await page.Page.Locator("#token-save").ClickAsync();

        await Expect(page.Cell("roles", "svc", "c-owner")).ToHaveTextAsync(target, Soon);
        await Expect(page.Cell("roles", "svc", "c-state")).ToHaveTextAsync("Online", Startup);
        var after = (await cluster.StatusAsync("n1"))!.Roles.Single(r => r.Name == "svc");
        Assert.Equal(target, after.Owner);
        Assert.True(after.FencingToken > before.FencingToken);
        await Expect(page.Cell("roles", "svc", "c-token")).ToHaveTextAsync(after.FencingToken.ToString(System.Globalization.CultureInfo.InvariantCulture), Soon);
        Assert.Equal(token, await page.Page.EvaluateAsync<string>("() => sessionStorage.getItem('understudy.token')"));
        Assert.DoesNotContain(token, page.Page.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync("moved");
        Assert.Empty(page.Complaints());
    }

    [Fact]
    public async Task DrainstopButton_WithToken_DrainsTheMemberAndItsBucketsGoToTheOthers()
    {
        Chromium.Require();
        await using var cluster = DashboardCluster.Create();
        cluster.StartAll();
        await DashboardCluster.WaitForServingAsync(cluster);
        var token = await DashboardCluster.TokenAsync(cluster);
        await using var page = await DashboardPage.OpenAsync(cluster.ApiUrl("n1") + "/");
        await Expect(page.Cell("nlb-members", "n2", "c-state")).ToHaveTextAsync("Started", Startup);
        await page.Page.Locator("#token").ClickAsync();
        await page.Page.Locator("#token-input").FillAsync(token);
        await page.Page.Locator("#token-save").ClickAsync();
        await Expect(page.Page.Locator("#token-dialog")).Not.ToBeVisibleAsync();

        await page.Page.Locator("#nlb-members tr[data-key=n2] button[data-op=drainstop]").ClickAsync();

        await Expect(page.Cell("nlb-members", "n2", "c-state")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(Draining|Stopped)$"), new() { Timeout = Soon.Timeout });
        await Expect(page.Page.Locator("#nlb .rule[data-rule=web] tr[data-key=n2] td.c-buckets")).ToHaveTextAsync("0", Soon);
        var status = await cluster.WaitForAsync("n1", s => s.Nlb!.Members.Single(m => m.Name == "n2").State is "Draining" or "Stopped", "n2 draining or stopped");
        Assert.Equal(1024, status.Nlb!.Members.Sum(m => m.Buckets["web"]));
        await page.ScreenshotAsync("drainstopped");
        Assert.Empty(page.Complaints());
    }
}
