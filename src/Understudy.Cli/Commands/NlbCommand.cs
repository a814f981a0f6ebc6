using System.CommandLine;
using System.Net.Http.Json;
using Spectre.Console;

namespace Understudy.Cli.Commands;

/// <summary><c>understudy nlb …</c>: network load balancing status and operations (docs/nlb.md).</summary>
internal static class NlbCommand
{
    /// <summary>Exit code when the cluster refused the change.</summary>
    public const int Refused = CliExit.Refused;

    private static readonly string[] Operations = ["start", "stop", "drainstop", "suspend", "resume"];

    public static Command Create()
    {
        var nlb = new Command("nlb", "Network load balancing: status, member operations, weights") { Status() };
        foreach (var operation in Operations)
        {
            nlb.Subcommands.Add(Operate(operation));
        }

        nlb.Subcommands.Add(Weight());
        return nlb;
    }

    private static Command Status()
    {
        var target = new ClusterTarget();
        return ClusterReader.Command(target, "status", "Show the cluster address, rules and each member's share", "Print the nlb part of the status as JSON (docs/status-json.md)", async (status, urls, trust, json, parse, cancel) =>
        {
            if (status.Nlb is null)
            {
                Console.Error.WriteLine("this cluster has no nlb section");
                return CliExit.NotFound;
            }

            var nlb = status.Nlb;
            // Each node counts the connections it forwards: its own buckets' in distributed mode,
            // all of them on the director, any in local mode. A member's connections are the sum,
            // as the drain coordinator counts them.
            using (var client = new StatusClient(trust))
            {
                var total = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var other in urls)
                {
                    if (await client.TryGetAsync(other, cancel) is { Nlb: { } theirs })
                    {
                        foreach (var member in theirs.Members)
                        {
                            total[member.Name] = total.GetValueOrDefault(member.Name) + member.Connections;
                        }
                    }
                }

                nlb = nlb with { Members = [.. nlb.Members.Select(m => m with { Connections = total.GetValueOrDefault(m.Name) })] };
            }

            if (json)
            {
                Console.Out.WriteLine(CliJson.Indented(nlb));
            }
            else
            {
                NlbTable.Write(AnsiConsole.Console, status.AnsweredBy, nlb);
            }

            return CliExit.Ok;
        });
    }

    private static Command Operate(string operation)
    {
        var target = new ClusterTarget();
        var member = new Argument<string>("NODE") { Description = "The member" };
        ClusterNames.Members(member, target);
        var options = new ChangeOptions();
        var command = new Command(operation, $"{operation} a member's load balancing") { member };
        target.AddTo(command);
        options.AddTo(command);
        command.SetAction((parse, cancel) =>
        {
            var node = parse.GetValue(member)!;
            return ClusterChange.SendAsync(target, options, parse, new(
                HttpMethod.Post, $"/api/nlb/members/{Uri.EscapeDataString(node)}/{operation}", () => JsonContent.Create(new { }),
                $"nlb {operation} {node}", "ok", _ => WaitGoals.NlbMember(node, operation)), cancel);
        });
        return command;
    }

    private static Command Weight()
    {
        var target = new ClusterTarget();
        var member = new Argument<string>("NODE") { Description = "The member" };
        ClusterNames.Members(member, target);
        var rule = new Argument<string>("RULE") { Description = "The port rule's name" };
        ClusterNames.Rules(rule, target);
        var weight = new Argument<int>("WEIGHT") { Description = "0-100; 0 takes no new connections" };
        var options = new ChangeOptions();
        var command = new Command("weight", "Set a member's weight for one rule") { member, rule, weight };
        target.AddTo(command);
        options.AddTo(command);
        command.SetAction((parse, cancel) =>
        {
            var (node, name, w) = (parse.GetValue(member)!, parse.GetValue(rule)!, parse.GetValue(weight));
            return ClusterChange.SendAsync(target, options, parse, new(
                HttpMethod.Post, $"/api/nlb/members/{Uri.EscapeDataString(node)}/weights/{Uri.EscapeDataString(name)}", () => JsonContent.Create(new { weight = w }),
                $"nlb weight {node} {name} {w}", "ok", _ => WaitGoals.NlbWeight(node, name, w)), cancel);
        });
        return command;
    }
}
