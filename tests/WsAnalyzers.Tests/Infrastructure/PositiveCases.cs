using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace WsAnalyzers.Tests.Infrastructure;

/// <summary>
/// Harvests the positive cases of the rule tests: every test source that marks an expected diagnostic
/// (<c>[|…|]</c>, <c>{|WS0003:…|}</c>, <c>{|#0:…|}</c>). The test files are compiled only to evaluate the
/// source strings: constants and concatenations directly, interpolated raw strings once per
/// <c>[InlineData]</c> row whose values fill the holes. Sources built by helper methods are not reached.
/// </summary>
public static class PositiveCases
{
    private static readonly Regex Markup = new(@"\[\||\|\]|\{\|(?:#\d+|WS\d{4}|CS\d{4}):|\|\}", RegexOptions.Compiled);

    /// <summary>
    /// A test source is a whole file: it parses, and it has a using directive or declares a type. The statements a
    /// theory splices into such a file are fragments, harvested with the file they complete; a template whose
    /// placeholders its callers fill does not parse.
    /// </summary>
    private static bool IsWholeFile(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(Markup.Replace(source, string.Empty));
        var unit = tree.GetCompilationUnitRoot();
        return !tree.GetDiagnostics().Any(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error)
            && (unit.Usings.Count > 0 || unit.Members.Any(member => member is not GlobalStatementSyntax));
    }

    public static IReadOnlyList<(string Name, string Source)> FromRuleTests()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Corpus", "RuleTests");
        var trees = Directory.GetFiles(folder, "*.cs")
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), path: Path.GetFileName(path)))
            .ToList();
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create("RuleTests", trees, references);

        var cases = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var method in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            {
                foreach (var bindings in InlineDataRows(method, model))
                {
                    foreach (var expression in OutermostStringExpressions(method))
                    {
                        var source = Evaluate(expression, model, bindings);
                        if (source is not null && Markup.IsMatch(source) && IsWholeFile(source) && seen.Add(source))
                        {
                            cases.Add(($"{tree.FilePath}:{method.Identifier.ValueText}#{cases.Count}", Markup.Replace(source, string.Empty)));
                        }
                    }
                }
            }
        }

        return cases;
    }

    /// <summary>One set of parameter values per [InlineData] row; a single empty set for a [Fact].</summary>
    private static IEnumerable<Dictionary<string, object?>> InlineDataRows(MethodDeclarationSyntax method, SemanticModel model)
    {
        var rows = method.AttributeLists.SelectMany(list => list.Attributes)
            .Where(attribute => attribute.Name.ToString() is "InlineData" or "Xunit.InlineData")
            .ToList();
        if (rows.Count == 0)
        {
            yield return new Dictionary<string, object?>(StringComparer.Ordinal);
            yield break;
        }

        foreach (var row in rows)
        {
            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            var arguments = row.ArgumentList?.Arguments ?? default;
            for (var i = 0; i < arguments.Count && i < method.ParameterList.Parameters.Count; i++)
            {
                var constant = model.GetConstantValue(arguments[i].Expression);
                if (constant.HasValue)
                {
                    values[method.ParameterList.Parameters[i].Identifier.ValueText] = constant.Value;
                }
            }

            yield return values;
        }
    }

    private static IEnumerable<ExpressionSyntax> OutermostStringExpressions(MethodDeclarationSyntax method)
    {
        foreach (var node in method.DescendantNodes())
        {
            if (node is not (LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } or InterpolatedStringExpressionSyntax))
            {
                continue;
            }

            var expression = (ExpressionSyntax)node;
            while (expression.Parent is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } sum)
            {
                expression = sum;
            }

            if (expression == node || node == FirstStringLeaf(expression))
            {
                yield return expression;
            }
        }
    }

    private static SyntaxNode? FirstStringLeaf(ExpressionSyntax expression) =>
        expression.DescendantNodesAndSelf().FirstOrDefault(n => n is LiteralExpressionSyntax or InterpolatedStringExpressionSyntax);

    private static string? Evaluate(ExpressionSyntax expression, SemanticModel model, Dictionary<string, object?> bindings)
    {
        switch (expression)
        {
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } sum:
                var left = Evaluate(sum.Left, model, bindings);
                var right = left is null ? null : Evaluate(sum.Right, model, bindings);
                return right is null ? null : left + right;

            case InterpolatedStringExpressionSyntax interpolated:
                var text = new StringBuilder();
                foreach (var content in interpolated.Contents)
                {
                    switch (content)
                    {
                        case InterpolatedStringTextSyntax part:
                            text.Append(part.TextToken.ValueText);
                            break;
                        case InterpolationSyntax { Expression: IdentifierNameSyntax name } when bindings.TryGetValue(name.Identifier.ValueText, out var value):
                            text.Append(value);
                            break;
                        case InterpolationSyntax hole when model.GetConstantValue(hole.Expression) is { HasValue: true } constant:
                            text.Append(constant.Value);
                            break;
                        default:
                            return null;
                    }
                }

                return text.ToString();

            case IdentifierNameSyntax name when bindings.TryGetValue(name.Identifier.ValueText, out var bound):
                return bound as string;

            default:
                var folded = model.GetConstantValue(expression);
                return folded.HasValue ? folded.Value as string : null;
        }
    }
}
