using System.IO;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace WsResilience.AspNetCore;

/// <summary>
/// Stands in for the server's HTTP/1.1 upgrade feature so that the WebSocket middleware builds its socket over a
/// <see cref="ReadActivityStream"/>, which the accept helper then finds in the request's features.
/// </summary>
internal sealed class LivenessUpgradeFeature : IHttpUpgradeFeature
{
    private readonly IHttpUpgradeFeature _inner;
    private readonly HttpContext _context;
    private readonly System.TimeProvider _timeProvider;

    public LivenessUpgradeFeature(IHttpUpgradeFeature inner, HttpContext context, System.TimeProvider timeProvider)
    {
        _inner = inner;
        _context = context;
        _timeProvider = timeProvider;
    }

    public bool IsUpgradableRequest => _inner.IsUpgradableRequest;

    public async Task<Stream> UpgradeAsync()
    {
        var stream = new ReadActivityStream(await _inner.UpgradeAsync().ConfigureAwait(false), _timeProvider);
        _context.Features.Set(stream);
        return stream;
    }
}
