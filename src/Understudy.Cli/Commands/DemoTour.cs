using Spectre.Console;
using Understudy.Core.Config;
using Understudy.Core.Failover;
using Understudy.Core.Nlb;
using Understudy.Node.Api;

namespace Understudy.Cli.Commands;

/// <summary>
/// What <c>up</c> prints once the cluster formed: the things to try, taken from the cluster file
/// (the dashboard, each failover role's probe address and its owner, each HTTP or TCP NLB rule
/// from several source addresses), so it says the same as the file whichever file runs.
/// </summary>
internal static class DemoTour
{
    /// <summary>How many client source addresses the NLB suggestion uses.</summary>
    private const int Clients = 6;

    /// <summary>Writes the suggestions; <paramref name="fileArgument"/> is " -f PATH" for a file
    /// other than the built-in demo, else "".</summary>
    public static void Write(IAnsiConsole console, ClusterConfig config, StatusDocument status, string fileArgument)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow("[bold]Dashboard[/]", $"{config.Nodes[0].ApiUrl}/  (every node serves it; actions ask for the operator token: [bold]understudy token{Markup.Escape(fileArgument)}[/])");
        foreach (var role in config.Roles.Where(r => !r.IsClone))
        {
            AddFailover(grid, role, status);
        }

        if (config.Nlb is { } nlb)
        {
            AddNlb(grid, nlb, fileArgument);
        }

        grid.AddRow("[bold]Watch[/]", Markup.Escape($"understudy status{fileArgument}    understudy events{fileArgument} --follow"));
        console.MarkupLine("What to try, in another terminal:");
        console.Write(grid);
    }

    private static void AddFailover(Grid grid, RoleDefinition role, StatusDocument status)
    {
        var url = role.Resources.Select(r => r.Probe?.HttpUrl).FirstOrDefault(u => !string.IsNullOrEmpty(u));
        var owner = status.Roles.FirstOrDefault(r => r.Name == role.Name)?.Owner;
        var pid = status.Nodes.FirstOrDefault(n => n.Name == owner)?.Pid;
        var lines = new List<string>();
        if (url is not null)
        {
            lines.Add($"curl {url}");
        }

        if (role.Resources.Any(r => r.Process?.Arguments is ["example", "kv", ..]) && url is not null)
        {
            lines.Add($"curl -X PUT --data hello {new Uri(url).GetLeftPart(UriPartial.Authority)}/kv/greeting");
        }

        lines.Add(pid is { } p
            ? $"kill -9 {p}   (its owner, {owner}); then curl again: another node serves it under a larger fencing token"
            : "kill -9 its owner's pid (understudy status); then curl again: another node serves it");
        grid.AddRow($"[bold]Failover[/] {Markup.Escape(role.Name)}", Markup.Escape(string.Join("\n", lines)));
    }

    private static void AddNlb(Grid grid, NlbConfig nlb, string fileArgument)
    {
        var lines = new List<string>();
        var loopback = System.Net.IPAddress.IsLoopback(nlb.ClusterAddress);
        foreach (var rule in nlb.Rules.Where(r => r.Protocol is NlbProtocol.Http or NlbProtocol.Tcp))
        {
            var target = $"http://{nlb.ClusterAddress}:{rule.FirstPort}/";
            // On loopback every 127.x address is this machine's, so each is a different client.
            lines.Add(loopback
                ? $"for i in $(seq 1 {Clients}); do curl --interface 127.0.0.$((50+i)) {target}; done"
                : $"curl {target}");
        }

        var first = nlb.Members.Length > 1 ? nlb.Members[1].Node : nlb.Members.FirstOrDefault()?.Node;
        lines.Add($"understudy nlb status{fileArgument}" + (first is null ? "" : $"    understudy nlb drainstop {first}{fileArgument}"));
        grid.AddRow("[bold]Load balancing[/]", Markup.Escape(string.Join("\n", lines)));
    }
}
