using Understudy.Cli.Lab;
using Understudy.Core.Chaos;
using Understudy.Core.Config;
using Understudy.Core.Lab;

namespace Understudy.Cli.Scenario;

/// <summary>
/// The host lab of one seed of <c>scenario chaos --hosts</c> (docs/lab.md): each node on a host of
/// its own, the clients in the lab's client namespace (through <see cref="NamespaceSockets"/>:
/// this process stays in the machine's namespace, which never holds a lab address or sends to
/// one), and the network faults as rules in the lab's switch. Removed whole when disposed.
/// </summary>
internal sealed class ChaosLab : IAsyncDisposable
{
    private readonly LabState _state;
    private readonly NamespaceSockets _client;

    private ChaosLab(LabState state, NamespaceSockets client)
    {
        _state = state;
        _client = client;
    }

    /// <summary>Builds the lab of <paramref name="config"/>, or says why it cannot.</summary>
    public static async Task<(ChaosLab? Lab, string? Error)> CreateAsync(ClusterConfig config, string file, TextWriter log)
    {
        var result = LabPlanner.Plan(config, await RootNetworks.ReadAsync());
        if (result.Plan is not { } plan)
        {
            return (null, "no host lab: " + string.Join("; ", result.Errors));
        }

        LabState state;
        try
        {
            state = await LabLifetime.CreateAsync(plan, file, log);
        }
        catch (LabException e)
        {
            return (null, "no host lab: " + e.Message);
        }

        try
        {
            return (new ChaosLab(state, new NamespaceSockets(plan.Names.Client)), null);
        }
        catch (LabException e)
        {
            await LabLifetime.RemoveAsync(state);
            return (null, "no host lab: " + e.Message);
        }
    }

    /// <summary>The namespace of <paramref name="node"/>'s host.</summary>
    public string NamespaceOf(string node) => _state.Plan.Names.Host(node);

    /// <summary>An HTTP handler whose connections start in the client namespace.</summary>
    public SocketsHttpHandler ClientHandler() => _client.Handler();

    /// <summary>Replaces the partition with <paramref name="cut"/> (node indices in file order).</summary>
    public Task CutAsync(ChaosCut cut) =>
        LabTool.NftAsync(_state.Plan.Names.Switch, LabRules.Partition([.. cut.From.Select(Port)], [.. cut.To.Select(Port)], cut.OneWay));

    /// <summary>Removes the partition.</summary>
    public Task HealAsync() => LabTool.NftAsync(_state.Plan.Names.Switch, LabRules.Heal());

    /// <summary>Sets the random loss of the node at <paramref name="index"/> (0 ends it).</summary>
    public Task LossAsync(int index, int percent) => LabTool.NftAsync(_state.Plan.Names.Switch, LabRules.Loss(Port(index), percent));

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await LabLifetime.RemoveAsync(_state);
    }

    private string Port(int index) => _state.Plan.Hosts[index].Port;
}
