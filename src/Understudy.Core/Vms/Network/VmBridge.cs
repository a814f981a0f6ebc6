namespace Understudy.Core.Vms.Network;

/// <summary>
/// Where a host plugs its networked process VMs: a Linux bridge that carries the host's LAN
/// (<c>br0</c> on a real host, as libvirt's bridged networking uses), optionally in another
/// network namespace (the host lab's switch). Given to a node as
/// <c>UNDERSTUDY_VM_BRIDGE=BRIDGE</c> or <c>NAMESPACE:BRIDGE</c>.
/// </summary>
/// <param name="Bridge">The bridge's interface name.</param>
/// <param name="Namespace">The named network namespace (<c>ip netns</c>) the bridge is in, or null for the node's own.</param>
public sealed record VmBridge(string Bridge, string? Namespace)
{
    /// <summary>The environment variable a node reads its VM bridge from.</summary>
    public const string Variable = "UNDERSTUDY_VM_BRIDGE";

    /// <summary>Longest Linux interface name (IFNAMSIZ - 1).</summary>
    public const int MaxInterfaceName = 15;

    /// <summary>Reads <c>BRIDGE</c> or <c>NAMESPACE:BRIDGE</c>; null with the reason when it is not one.</summary>
    public static (VmBridge? Bridge, string? Error) Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(':');
        if (parts.Length > 2)
        {
            return (null, $"{Variable}='{text}' has more than one ':'; expected BRIDGE or NAMESPACE:BRIDGE");
        }

        var (ns, bridge) = parts.Length == 2 ? (parts[0], parts[1]) : (null, parts[0]);
        if (!IsInterfaceName(bridge))
        {
            return (null, $"{Variable}='{text}': '{bridge}' is not an interface name (1..{MaxInterfaceName} characters of [A-Za-z0-9_.-])");
        }

        if (ns is not null && (ns.Length is 0 or > 255 || !ns.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-') || ns is "." or ".."))
        {
            return (null, $"{Variable}='{text}': '{ns}' is not a network namespace name ([A-Za-z0-9_.-])");
        }

        return (new VmBridge(bridge, ns), null);
    }

    /// <summary>Whether <paramref name="name"/> can name a Linux network interface.</summary>
    public static bool IsInterfaceName(string name) =>
        name.Length is > 0 and <= MaxInterfaceName && name is not "." and not ".." && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    /// <inheritdoc />
    public override string ToString() => Namespace is null ? Bridge : $"{Namespace}:{Bridge}";
}
