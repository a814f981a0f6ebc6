namespace Understudy.Node.Nlb;

/// <summary>Where one new connection goes: the bucket's owner, and its next owner for one retry.</summary>
/// <param name="Member">The owner's node name.</param>
/// <param name="Target">The owner's service endpoint.</param>
/// <param name="NextMember">The next owner, or null.</param>
/// <param name="NextTarget">The next owner's service endpoint, or null.</param>
internal sealed record NlbRoute(string Member, NlbTarget Target, string? NextMember, NlbTarget? NextTarget);
