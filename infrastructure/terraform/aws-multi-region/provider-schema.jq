# Reduces `terraform providers schema -json` to provider-schema.json: for each resource and
# data source type the module uses ($resources, $data: the committed file's own lists), the
# names of its attributes and nested blocks, recursively. Run with jq -S (sorted keys).
def block: {
  attributes: ((.attributes // {}) | keys),
  blocks: ((.block_types // {}) | with_entries(.value = (.value.block | block)))
};
.provider_schemas["registry.terraform.io/hashicorp/aws"] as $p
| {
    provider: "registry.terraform.io/hashicorp/aws",
    version: $version,
    resources: ($p.resource_schemas | with_entries(select(.key as $k | $resources | index($k))) | map_values(.block | block)),
    data_sources: ($p.data_source_schemas | with_entries(select(.key as $k | $data | index($k))) | map_values(.block | block))
  }
