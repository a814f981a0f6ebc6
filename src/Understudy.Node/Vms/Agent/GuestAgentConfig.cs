using System.Text.Json;
using System.Text.Json.Serialization;

namespace Understudy.Node.Vms.Agent;

/// <summary>
/// What the process-VM driver tells the guest agent it starts (<c>understudy agent run --config
/// FILE</c>): a JSON file in the VM's folder. The key is in its own file (mode 0600), never on a
/// command line, where every local user could read it.
/// </summary>
public sealed record GuestAgentConfig
{
    /// <summary>The VM's name: the heartbeat sender name.</summary>
    public required string Name { get; init; }

    /// <summary>The VM's own loopback address: the agent sends from it and the workload should bind to it.</summary>
    public required string Address { get; init; }

    /// <summary>Where the host listens for this VM's heartbeats, <c>ADDRESS:PORT</c>.</summary>
    public required string Host { get; init; }

    /// <summary>File holding the VM's guest-agent key as 64 hex characters.</summary>
    public required string KeyFile { get; init; }

    /// <summary>The VM's data folder: the workload's working directory.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Heartbeat interval in milliseconds.</summary>
    public int IntervalMs { get; init; } = 250;

    /// <summary>Service check interval in milliseconds.</summary>
    public int CheckIntervalMs { get; init; } = 1000;

    /// <summary>The workload's shell command, or null.</summary>
    public string? Workload { get; init; }

    /// <summary>Monitored services: name and check command.</summary>
    public IReadOnlyList<GuestAgentService> Services { get; init; } = [];

    /// <summary>JSON settings of the file.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">Not a valid agent configuration.</exception>
    public static GuestAgentConfig Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<GuestAgentConfig>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"{path}: empty agent configuration");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not an agent configuration: {e.Message}", e);
        }
    }
}
