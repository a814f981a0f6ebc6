namespace Understudy.Core.Lab;

/// <summary>
/// The names of one host lab's namespaces and links, derived from the cluster's name. Every lab
/// link lives inside a lab namespace (the bridge and its ports in the switch, one <c>eth0</c> in
/// each host), never in the machine's own namespace, so interface names only need to be unique
/// within a lab and stay far below Linux's 15-character limit. Namespace names are
/// <c>ul.CLUSTER.switch</c>, <c>ul.CLUSTER.client</c> and <c>ul.CLUSTER.host.NODE</c>: the dots
/// cannot occur in a cluster or node name, so two labs of distinct clusters never share a name.
/// </summary>
/// <param name="Lab">The lab's name: the cluster's name.</param>
public sealed record LabNames(string Lab)
{
    /// <summary>What <c>lab exec</c> and the lab commands call the client namespace.</summary>
    public const string ClientName = "client";

    /// <summary>The bridge ("the LAN") inside the switch namespace.</summary>
    public const string Bridge = "br0";

    /// <summary>A host's (and the client's) interface on the LAN, as on a real machine.</summary>
    public const string HostInterface = "eth0";

    /// <summary>The switch's port towards the client.</summary>
    public const string ClientPort = "pc";

    /// <summary>The longest Linux interface name (IFNAMSIZ - 1).</summary>
    public const int MaxInterfaceName = 15;

    /// <summary>Prefix shared by every lab namespace.</summary>
    public const string Prefix = "ul.";

    /// <summary>The namespace that holds the bridge.</summary>
    public string Switch => $"{Prefix}{Lab}.switch";

    /// <summary>The namespace of the client (test traffic, the CLI's view of the lab).</summary>
    public string Client => $"{Prefix}{Lab}.client";

    /// <summary>The namespace of node <paramref name="node"/>'s host.</summary>
    public string Host(string node) => $"{Prefix}{Lab}.host.{node}";

    /// <summary>The switch's port towards the host of the node at <paramref name="index"/> in file order.</summary>
    public static string Port(int index) => $"p{index}";
}
