namespace Understudy.Packaging.Tests;

/// <summary>The CLI as a .NET tool: <c>dotnet pack</c>, then <c>dotnet tool install --tool-path</c>
/// from that folder alone (a NuGet config that clears every other source: the tool package
/// must bring everything it needs), then the installed command runs.</summary>
[Collection(PackagingCollection.Name)]
public sealed class ToolPackageTests : IDisposable
{
    private static readonly TimeSpan Build = TimeSpan.FromMinutes(20);
    private readonly string _dir = Directory.CreateTempSubdirectory("understudy-tool-").FullName;

    [Fact]
    public async Task Pack_InstalledWithToolPath_RunsWithTheNativeGuard()
    {
        if (Prerequisites.Missing(root: false, "dotnet") is { } reason)
        {
            Assert.Skip(reason);
        }

        var cli = Path.Combine(Repository.Root, "src", "Understudy.Cli");
        var feed = Path.Combine(_dir, "feed");
        var tools = Path.Combine(_dir, "tools");
        var config = Path.Combine(_dir, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """, TestContext.Current.CancellationToken);
        var version = (await Shell.CheckAsync("dotnet", ["msbuild", cli, "-getProperty:Version"], Build)).Out.Trim();

        await Shell.CheckAsync("dotnet", ["pack", cli, "-c", "Release", "-o", feed, "--nologo"], Build);
        await Shell.CheckAsync("dotnet", ["tool", "install", "Understudy.Cli", "--version", version, "--tool-path", tools, "--configfile", config], Build);

        var run = await Shell.CheckAsync(Path.Combine(tools, "understudy"), ["--version"], TimeSpan.FromMinutes(1));
        Assert.Contains(version, run.Out, StringComparison.Ordinal);
        // Nodes started from the tool use the native lease guard when it was built (a C compiler at pack time).
        if (File.Exists("/usr/bin/cc"))
        {
            Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(tools, ".store"), "understudy-guard", SearchOption.AllDirectories));
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
