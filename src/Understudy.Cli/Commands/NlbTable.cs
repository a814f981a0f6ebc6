using System.Globalization;
using Spectre.Console;
using Understudy.Node.Api;

namespace Understudy.Cli.Commands;

/// <summary>Renders the <c>nlb</c> status for people: rules, then members with their share.</summary>
internal static class NlbTable
{
    public static void Write(IAnsiConsole console, string answeredBy, NlbDocument nlb)
    {
        console.MarkupLine($"Cluster address [bold]{Markup.Escape(nlb.Address)}[/]  default host {Markup.Escape(nlb.DefaultHost ?? "(none)")}  (answered by {Markup.Escape(answeredBy)})");
        console.MarkupLine(nlb.Mode switch
        {
            "distributed" => "Mode [bold]distributed[/]: every host receives the cluster address (multicast MAC); each accepts the new connections of its own buckets; connections per host",
            _ => $"Mode [bold]{Markup.Escape(nlb.Mode)}[/]",
        });
        if (nlb.Filter is { } filter)
        {
            console.MarkupLine(filter.Enabled
                ? "Host filter installed" + (filter.Current ? "" : " (sets catching up)")
                : $"[red]No host filter[/]: {Markup.Escape(filter.Reason ?? "")}");
        }

        if (nlb.Steering is { } steering)
        {
            console.MarkupLine(steering.Enabled
                ? "New connections steered to their bucket owner's node" + (steering.Current ? "" : " (owners map catching up)")
                : $"Not steering new connections: {Markup.Escape(steering.Reason ?? "")}");
        }
        var rules = new Table().AddColumns("Rule", "Ports", "Protocol", "Mode", "Affinity", "Target");
        foreach (var rule in nlb.Rules)
        {
            rules.AddRow(Markup.Escape(rule.Name), rule.Ports, rule.Protocol, rule.Mode, rule.Affinity, rule.TargetPort.ToString(CultureInfo.InvariantCulture));
        }

        console.Write(rules);
        var members = new Table().AddColumns("Member", "State", "Priority", "Admitted", "Connections");
        foreach (var rule in nlb.Rules)
        {
            members.AddColumn($"{Markup.Escape(rule.Name)} weight / share");
        }

        foreach (var member in nlb.Members)
        {
            var cells = new List<string>
            {
                Markup.Escape(member.Name),
                Markup.Escape(member.State),
                member.HostPriority.ToString(CultureInfo.InvariantCulture),
                member.Admitted switch { true => "yes", false => $"[red]no[/]: {Markup.Escape(member.AdmissionReason ?? "")}", null => "pending" },
                member.Connections.ToString(CultureInfo.InvariantCulture),
            };
            foreach (var rule in nlb.Rules)
            {
                var buckets = member.Buckets.GetValueOrDefault(rule.Name);
                cells.Add(string.Create(CultureInfo.InvariantCulture, $"{member.Weight.GetValueOrDefault(rule.Name)} / {buckets * 100.0 / 1024:0.0}%"));
            }

            members.AddRow([.. cells]);
        }

        console.Write(members);
        foreach (var member in nlb.Members.Where(m => m.Idle is not null))
        {
            console.MarkupLine($"[yellow]{Markup.Escape(member.Name)}[/] is left out of load balancing: {Markup.Escape(member.Idle!)}");
        }
    }
}
