# Reduces `terraform providers schema -json` to provider-schema.json: for each resource and
# data source type the module uses ($resources, $data: the committed file's own lists), the
# names of its attributes and nested blocks, recursively. Run with jq -S (sorted keys).
# --arg provider names another provider (archive-schema.json: hashicorp/archive); default aws.
def block: {
  attributes: ((.attributes // {}) | keys),
  blocks: ((.block_types // {}) | with_entries(.value = (.value.block | block)))
};
($ARGS.named.provider // "registry.terraform.io/hashicorp/aws") as $name
| .provider_schemas[$name] as $p
| {
    provider: $name,
    version: $version,
    resources: ($p.resource_schemas | with_entries(select(.key as $k | $resources | index($k))) | map_values(.block | block)),
    data_sources: ($p.data_source_schemas | with_entries(select(.key as $k | $data | index($k))) | map_values(.block | block))
  }
