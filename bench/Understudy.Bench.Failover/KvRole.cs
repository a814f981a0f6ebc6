namespace Understudy.Bench.Failover;

/// <summary>The benchmark's role: the kv service of examples/failover.yaml on its own address.</summary>
internal static class KvRole
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(1) };

    /// <summary>The roles section, with a failover limit that 20 kills do not reach.</summary>
    public static string Yaml(string block, string root) => $"""
        roles:
          - name: kv
            failover: {"{"} maxFailovers: 1000, window: 1h {"}"}
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
                looksAlive: 500ms
                isAlive: 2s

        """;

    /// <summary>Which node's instance answers the role's HTTP probe, or null.</summary>
    public static async Task<string?> AnsweringNodeAsync(string block)
    {
        try
        {
            var text = await Http.GetStringAsync($"http://{block}.100:8080/healthz");
            return text.Split(' ').FirstOrDefault(p => p.StartsWith("node=", StringComparison.Ordinal))?[5..];
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }
}
