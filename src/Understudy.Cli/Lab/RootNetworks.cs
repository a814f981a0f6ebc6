using System.Net;
using System.Text.Json;
using Understudy.Core.Lab;

namespace Understudy.Cli.Lab;

/// <summary>Reads (never changes) the networks of the machine's own namespace: every interface
/// address's subnet and every route's destination, default routes aside (a lab address "inside"
/// a default route is the normal case: the lab's namespaces have no route to it).</summary>
internal static class RootNetworks
{
    public static async Task<IReadOnlyList<RootNetwork>> ReadAsync()
    {
        var found = new List<RootNetwork>();
        using (var addresses = JsonDocument.Parse(await LabTool.IpAsync("-j", "addr", "show")))
        {
            foreach (var link in addresses.RootElement.EnumerateArray())
            {
                var name = link.GetProperty("ifname").GetString();
                foreach (var info in link.TryGetProperty("addr_info", out var infos) ? infos.EnumerateArray() : default)
                {
                    if (info.TryGetProperty("local", out var local) && info.TryGetProperty("prefixlen", out var length)
                        && IPAddress.TryParse(local.GetString(), out var address))
                    {
                        found.Add(new RootNetwork(LabPlanner.NetworkOf(address, length.GetInt32()), $"address {address}/{length.GetInt32()} on {name}"));
                    }
                }
            }
        }

        using var routes = JsonDocument.Parse(await LabTool.IpAsync("-j", "route", "show", "table", "all"));
        foreach (var route in routes.RootElement.EnumerateArray())
        {
            var destination = route.GetProperty("dst").GetString()!;
            if (destination == "default")
            {
                continue;
            }

            var cidr = destination.Split('/');
            if (IPAddress.TryParse(cidr[0], out var address))
            {
                var length = cidr.Length == 2 ? int.Parse(cidr[1], System.Globalization.CultureInfo.InvariantCulture) : address.GetAddressBytes().Length * 8;
                var network = LabPlanner.NetworkOf(address, length);
                var device = route.TryGetProperty("dev", out var dev) ? $" dev {dev.GetString()}" : "";
                found.Add(new RootNetwork(network, $"route {destination}{device}"));
            }
        }

        return found;
    }
}
