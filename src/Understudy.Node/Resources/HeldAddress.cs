using System.Globalization;
using System.Net;

namespace Understudy.Node.Resources;

/// <summary>An address a lease guard holds: on <paramref name="Device"/> while the lease lasts, gone when the guard ends.</summary>
/// <param name="Address">The address.</param>
/// <param name="PrefixLength">Its prefix length.</param>
/// <param name="Device">The interface.</param>
public sealed record HeldAddress(IPAddress Address, int PrefixLength, string Device)
{
    /// <summary>ADDRESS/PREFIX, as the guard's <c>--address</c> takes it.</summary>
    public string Cidr => string.Create(CultureInfo.InvariantCulture, $"{Address}/{PrefixLength}");

    /// <summary>Reads <c>--address ADDRESS/PREFIX --device IF</c>, or null when the text is not that.</summary>
    public static HeldAddress? Parse(string cidr, string device)
    {
        var parts = cidr.Split('/');
        return parts.Length == 2 && IPAddress.TryParse(parts[0], out var address)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            && length >= 0 && length <= address.GetAddressBytes().Length * 8 && device.Length > 0
            ? new HeldAddress(address, length, device)
            : null;
    }
}
