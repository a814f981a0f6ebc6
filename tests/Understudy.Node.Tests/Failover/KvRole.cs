using System.Globalization;
using Understudy.Node.Api;
using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Failover;

/// <summary>The example key-value role on a test cluster's block, and ways to look at it.</summary>
internal sealed class KvRole : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };

    public KvRole(string block) => Url = $"http://{block}.100:8080";

    public string Url { get; }

    /// <summary>The roles section for <see cref="TestCluster.Create"/>.</summary>
    public static string Yaml(string block, string root, int maxRestarts = 3) => $"""
        roles:
          - name: kv
            restart: {"{"} maxRestarts: {maxRestarts}, window: 15m {"}"}
            resources:
              - name: ip
                type: address
                address: {block}.100
              - name: server
                type: process
                dependsOn: [ip]
                command: understudy
                args: [example, kv, --listen, "{block}.100:8080", --data, "{Path.Combine(root, "kv.json")}"]
                stopTimeout: 2s
              - name: http
                type: probe
                dependsOn: [server]
                http: http://{block}.100:8080/healthz
                looksAlive: 200ms
                isAlive: 1s
                threshold: 2

        """;

    public static RoleDocument? Find(StatusDocument status) => status.Roles.SingleOrDefault(r => r.Name == "kv");

    public static bool IsOnline(StatusDocument status, Func<RoleDocument, bool>? and = null) =>
        Find(status) is { State: "Online" } role && (and?.Invoke(role) ?? true);

    /// <summary>What /healthz says: node, token and process id of the instance that answers, or null.</summary>
    public async Task<(string Node, long Token, int Pid)?> HealthAsync()
    {
        try
        {
            var text = await _http.GetStringAsync(Url + "/healthz");
            var parts = text.Trim().Split(' ').Skip(1).Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
            return (parts["node"], long.Parse(parts["token"], CultureInfo.InvariantCulture), int.Parse(parts["pid"], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    public async Task<HttpResponseMessage> PutAsync(string key, string value) =>
        await _http.PutAsync($"{Url}/kv/{key}", new StringContent(value));

    public async Task<string?> GetAsync(string key)
    {
        try
        {
            return await _http.GetStringAsync($"{Url}/kv/{key}");
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Process ids of example kv processes that some node of the cluster on <paramref name="block"/> started for
    /// <paramref name="node"/> (other test clusters, in this run or another, have nodes of the same names).</summary>
    public static IReadOnlyList<int> ProcessesOf(string node, string block)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (cmdline.Contains("example\0kv", StringComparison.Ordinal) && cmdline.Contains($"\0{block}.100:", StringComparison.Ordinal) && !GuardProcesses.IsGuard(cmdline.Split('\0'))
                    && File.ReadAllText(Path.Combine(dir, "environ")).Split('\0').Contains($"UNDERSTUDY_NODE={node}"))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    public void Dispose() => _http.Dispose();
}
