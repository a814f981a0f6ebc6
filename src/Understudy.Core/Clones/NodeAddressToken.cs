namespace Understudy.Core.Clones;

/// <summary>
/// <c>${nodeAddress}</c>: in a clone role's process arguments, environment values and probe URL or
/// endpoint, replaced by the address of the node that runs the instance, so one definition serves
/// on every node's own address.
/// </summary>
public static class NodeAddressToken
{
    /// <summary>The token as written in the cluster file.</summary>
    public const string Text = "${nodeAddress}";

    /// <summary><paramref name="value"/> with the token replaced by <paramref name="address"/>.</summary>
    public static string Fill(string value, string address)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace(Text, address, StringComparison.Ordinal);
    }
}
