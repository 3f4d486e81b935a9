// Copies what tsc does not emit. Icons are copied by `n8n-node build`; the workflow templates
// ship inside the package so users of an installed package can find them next to the nodes.
const { src, dest } = require('gulp');

function buildTemplates() {
	return src('workflows-templates/**/*.json').pipe(dest('dist/workflows-templates'));
}

exports['build:templates'] = buildTemplates;
