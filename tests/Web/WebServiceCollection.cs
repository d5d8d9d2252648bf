using Xunit;

namespace KDTalker.Tests.Web;

/// <summary>The tests that start the service and render on it run one class at a time, so they do not share two cores with each other.</summary>
[CollectionDefinition(Name)]
public sealed class WebServiceCollection
{
    public const string Name = "web service";
}
